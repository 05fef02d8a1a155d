"""Display for the finance pages, built on ``web.formatting`` and ``web.charts``.

Templates format money with the ``engineroom`` filters; what they are given here is ready to show:
labels for months and for meeting a control total, the two charts, the sector table and the
explanation written on each proposed transfer.
"""

from __future__ import annotations

from engineroom.finance import transfers
from engineroom.finance.leftshift import SectorYear
from engineroom.finance.position import SystemPosition
from engineroom.web import charts, formatting, periods

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
        axis_label="£",
        tick_format=formatting.money_short,
        reference=(control, f"System control total ({formatting.money(control)})"),
        table_header=("Month", "Forecast outturn"),
    )
    chart.legend = [
        ("Forecast meets the control total", charts.GREEN),
        ("Forecast misses the control total", charts.RED),
        *chart.legend,
    ]
    return chart


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
