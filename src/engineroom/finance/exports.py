"""The finance workbook: the position, months, transfers, spend by sector, pool risk shares and
capitation (small numbers suppressed).

Written by ``web.downloads`` (money as pence in money columns, widths fitted, autofilter).
"""

from __future__ import annotations

from engineroom.finance import capitation, leftshift, pools, presenters, queries
from engineroom.finance.position import PartnerPosition, SystemPosition, position
from engineroom.system.models import System
from engineroom.web import downloads, periods
from engineroom.web.downloads import Column, Sheet

POSITION_COLUMNS = [
    Column("ODS code"),
    Column("Partner"),
    Column("Control total", "money"),
    Column("Forecast outturn", "money"),
    Column("Variance", "money"),
    Column("Agreed transfers", "money"),
    Column("After transfers", "money"),
    Column("Risk", "money"),
    Column("Year-to-date plan", "money"),
    Column("Year-to-date actual", "money"),
]


def _partner_row(p: PartnerPosition) -> list:
    return [
        p.organisation.ods_code,
        p.organisation.name,
        p.control_total,
        p.forecast,
        p.variance,
        p.transferred,
        p.after_transfers,
        p.risk,
        p.ytd_plan,
        p.ytd_actual,
    ]


def _system_row(current: SystemPosition) -> list:
    return [
        "",
        "System (NHS partners)",
        current.control_total,
        current.forecast,
        current.variance,
        0,
        current.after_transfers,
        current.total_risk,
        current.total("ytd_plan"),
        current.total("ytd_actual"),
    ]


def _months_sheet(current: SystemPosition) -> Sheet:
    columns = [Column("Month")] + [
        Column(h, "money")
        for h in ("Year-to-date plan", "Year-to-date actual", "Forecast outturn", "Risk")
    ]
    rows = [
        [periods.month_label(current.year, m.month), m.ytd_plan, m.ytd_actual, m.forecast, m.risk]
        for m in current.months
    ]
    return Sheet("System by month", columns, rows)


def _transfers_sheet(system: System, year: int) -> Sheet:
    columns = [
        Column("Round", "number"),
        Column("From"),
        Column("To"),
        Column("Amount", "money"),
        Column("Status"),
        Column("Why"),
    ]
    rows = [
        [
            t.round_id,
            t.giver.name,
            t.receiver.name,
            t.amount_pence,
            t.get_status_display(),
            t.explanation,
        ]
        for t in queries.transfers(system, year)
    ]
    return Sheet("Transfers", columns, rows)


def _sectors_sheet(system: System) -> Sheet:
    trend = leftshift.system_trend(system)
    sectors = leftshift.sectors(trend)
    columns = [Column("Year")] + [Column(label, "money") for _, label in sectors]
    rows = [
        [periods.year_label(y.year), *[y.by_sector.get(s, 0) for s, _ in sectors]] for y in trend
    ]
    return Sheet("Spend by sector", columns, rows)


def _pools_sheet(system: System, year: int) -> Sheet:
    rows = []
    for pool in queries.pools(system, year):
        allocation = pools.pool_allocation(pool)
        rule = pool.get_rule_display()
        rows += [[pool.name, rule, name, amount] for name, amount in allocation.borne.items()]
        if allocation.contingency_used:
            rows.append([pool.name, rule, "Contingency pot", allocation.contingency_used])
    columns = [Column("Pool"), Column("Rule"), Column("Bears"), Column("Amount", "money")]
    return Sheet("Pooled budget risk shares", columns, rows)


def _capitation_sheet(system: System, year: int) -> Sheet:
    """The capitation page's table: small numbers suppressed (``capitation.published``)."""
    source, rows = capitation.budgets(system, capitation.commissioner_budget(system, year))
    columns = [
        Column("Place"),
        Column("Registered population", "number"),
        Column("Needs index", "number"),
        Column("Budget", "money"),
        Column("Per head", "money"),
    ]
    shown = [
        [p.place.name, p.population, p.needs_index, p.budget, p.per_head]
        for p in capitation.published(rows)
    ]
    note = presenters.population_note(capitation.coverage(source, rows))
    return Sheet("Capitation", columns, [*shown, [note]] if note else shown)


def workbook(system: System, year: int) -> downloads.Download:
    current = position(system, year)
    sheets = [
        Sheet(
            "Position",
            POSITION_COLUMNS,
            [*map(_partner_row, current.partners), _system_row(current)],
        ),
        Sheet("Councils (outside total)", POSITION_COLUMNS, map(_partner_row, current.councils)),
        _months_sheet(current),
        _transfers_sheet(system, year),
        _sectors_sheet(system),
        _pools_sheet(system, year),
        _capitation_sheet(system, year),
    ]
    return downloads.xlsx(f"finance-{system.code}-{year}.xlsx", sheets)
