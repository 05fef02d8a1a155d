"""Display for the finance pages, built on ``web.formatting`` and ``web.charts``.

Templates format money with the ``engineroom`` filters; what they are given here is ready to show:
labels for months and for meeting a control total, the two charts, the sector table and the
explanation written on each proposed transfer.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from engineroom.finance import capitation, transfers
from engineroom.finance.incentives import Option
from engineroom.finance.leftshift import SectorYear
from engineroom.finance.position import SystemPosition
from engineroom.population.spc import SpcOptions, xmr
from engineroom.web import charts, formatting, periods
from engineroom.web.charts.spc import SpcFigure

MEETS = {None: "No return", True: "Meets", False: "Misses"}
NO_RETURNS = "no returns yet"


def month_names(year: int) -> dict[int | None, str]:
    """Month number (1 = April) -> ``May 2025`` for the year; ``None`` before any return."""
    names: dict[int | None, str] = {m: periods.month_label(year, m) for m in range(1, 13)}
    names[None] = NO_RETURNS
    return names


def month_abbreviation(month: int) -> str:
    return periods.MONTHS[month - 1][:3]


def forecast_chart(current: SystemPosition) -> charts.Chart | None:
    """Forecast outturn as at each month (green meets, red misses) against the control total."""
    if not current.months:
        return None
    control = current.control_total
    bars = [
        charts.Bar(
            month_abbreviation(m.month),
            m.forecast or 0,
            formatting.money(m.forecast),
            charts.GREEN if (m.forecast or 0) >= control else charts.RED,
        )
        for m in current.months
    ]
    chart = charts.column_chart(
        "System forecast outturn by month against the control total",
        bars,
        axis_label="Forecast outturn (£, surplus positive)",
        category_label="Month of return",
        tick_format=formatting.money_short,
        reference=(control, f"System control total: {formatting.money(control)}"),
        table_header=("Month", "Forecast outturn"),
    )
    chart.legend = [
        ("Forecast meets the control total", charts.GREEN),
        ("Forecast misses the control total", charts.RED),
        *chart.legend,
    ]
    return chart


def in_month_variances(current: SystemPosition) -> list[int]:
    """Each month's surplus less the plan phased to that month, for the NHS partners together
    (pence; positive is ahead of plan): the differences of the year-to-date figures."""
    variances, before = [], (0, 0)
    for m in current.months:
        variances.append((m.ytd_actual - before[0]) - (m.ytd_plan - before[1]))
        before = (m.ytd_actual, m.ytd_plan)
    return variances


def variance_spc(current: SystemPosition) -> SpcFigure | None:
    """The system's in-month variance against plan as a Making Data Count chart, higher better,
    against a target of zero (at least on plan); ``None`` before two months of returns, as one
    month has no moving range and so no limits.

    In-month variance rather than the forecast outturn's: a forecast is revised from the last
    one, so month after month it moves together and an XmR chart would read its drift as
    special causes. Each month's own variance is what a finance director asks of the run rate:
    is this month's gap against plan ordinary for the year, or a real change?"""
    variances = in_month_variances(current)
    if len(variances) < 2:
        return None
    result = xmr(variances, target=0, options=SpcOptions(improvement="increase"))
    dates = [periods.add_months(dt.date(current.year, 4, 1), m.month - 1) for m in current.months]
    chart = charts.spc_chart(
        "System in-month variance against plan, with its process limits",
        dates,
        result,
        axis_label="In-month variance against plan (£, ahead positive)",
        tick_format=lambda pence: formatting.money_short(round(pence)),
        value_format=lambda pence: formatting.money(round(pence)),
        caption_detail=(
            "Each month's surplus of the NHS partners together less the plan phased evenly over "
            "the year; above zero is ahead of plan."
        ),
    )
    return SpcFigure(chart, result)


def incentive_chart(scheme, options: list[Option]) -> charts.Chart | None:
    """What each partner has at stake (paid if the system hits, lost if it misses) under each
    option of the linked share, as grouped bars: one group per partner, one bar per option."""
    if not options or not options[0].partners:
        return None
    series = [
        (
            f"{formatting.percent(o.share)} linked{' (chosen)' if o.chosen else ''}",
            charts.PALETTE[i % len(charts.PALETTE)],
        )
        for i, o in enumerate(options)
    ]
    rows = [
        (
            partner.organisation.name,
            [
                charts.Bar(partner.organisation.name, o.partners[i].at_stake, _money(o, i))
                for o in options
            ],
        )
        for i, partner in enumerate(options[0].partners)
    ]
    return charts.grouped_bar_chart(
        f"{scheme.name}: funding at stake on the system total, by partner and option",
        rows,
        series=series,
        axis_label="At stake (£)",
        tick_format=formatting.money_summary,
    )


def _money(option: Option, index: int) -> str:
    return formatting.money(option.partners[index].at_stake)


def sectors_chart(trend: list[SectorYear], sectors: list[tuple[str, str]]) -> charts.Chart | None:
    """Each year's spend split into its sectors' shares."""
    if not trend:
        return None
    rows, texts = [], []
    for year in trend:
        shares = [year.share([sector]) for sector, _ in sectors]
        rows.append((periods.year_label(year.year), [float(s) for s in shares]))
        texts.append([formatting.percent(s, 1) for s in shares])
    return charts.stacked_bar_chart(
        "Share of spend by sector per year",
        rows,
        series=[label for _, label in sectors],
        texts=texts,
        axis_label="Share of the year's spend (%)",
    )


def sector_table(trend: list[SectorYear], sectors: list[tuple[str, str]]) -> list[dict]:
    """Rows of spend (pence) by sector per year, for the ``money_short`` filter."""
    return [
        {
            "year": periods.year_label(y.year),
            "cells": [y.by_sector.get(s, 0) for s, _ in sectors],
            "total": y.total,
        }
        for y in trend
    ]


def transfer_explanation(
    proposal: transfers.Proposal, transfer: transfers.Transfer, names: dict[str, str]
) -> str:
    """Why a proposed transfer helps, in words a finance director checks against the table."""
    giver = proposal.partners[transfer.giver]
    receiver = proposal.partners[transfer.receiver]
    to, by = names[transfer.receiver], names[transfer.giver]
    money = formatting.money
    limit = f" (its limit is {money(giver.limit)})" if giver.limit is not None else ""
    left = giver.gap - proposal.given(transfer.giver)
    return (
        f"{to} is forecast {money(-receiver.gap)} short of its control total "
        f"of {money(receiver.control_total)}. {by} is forecast {money(giver.gap)} "
        f"above its own{limit}. Moving {money(transfer.amount)} brings {to} to its "
        f"control total and leaves {by} {money(left)} above its own; the system total is unchanged."
    )


def people_short(count: int) -> str:
    """``1.2 million``, ``350,000``: a population in words for a sentence."""
    if count >= 1_000_000:
        return f"{formatting.number(count / 1_000_000, 1).removesuffix('.0')} million"
    return formatting.number(count)


def population_note(coverage: capitation.Coverage | None) -> str:
    """What the capitation figures rest on, for every page and sheet that uses the register."""
    if coverage is None:
        return ""
    registered = people_short(coverage.registered)
    if coverage.is_sample:
        share = formatting.percent(coverage.share, 0 if coverage.share >= Decimal("0.01") else 1)
        return (
            f"Population: {share} sample of {registered} registered people. The sample gives "
            "each place's mix of age and deprivation; head counts and budgets per head use "
            "the places' registered list sizes."
        )
    return (
        f"Population: the register covers {formatting.percent(coverage.share)} of {registered} "
        "registered people (national data opt-outs removed)."
    )
