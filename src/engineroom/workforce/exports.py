"""The engine room's registers as one XLSX workbook, money in pence written as pounds by
``web.downloads``; totals match the pages."""

from __future__ import annotations

from engineroom.system.models import System
from engineroom.web import downloads, formatting
from engineroom.web.downloads import Column, Sheet
from engineroom.workforce import queries


def _posts(system: System) -> Sheet:
    columns = [
        *("Ref", "Title", "Team", "Band"),
        Column("WTE", "number"),
        *("Host employer", "Programme"),
        Column("Annual cost (£)", "money"),
        *("Holder", "Appointment"),
        Column("Contract ends", "date"),
        "Funding",
    ]
    rows = [
        [
            *(post.ref, post.title, post.team, post.get_band_display(), post.wte),
            post.host_employer.name,
            post.programme.name if post.programme else "",
            post.annual_cost_pence,
            current.person.name if current else "Vacant",
            current.get_kind_display() if current else "",
            current.end_date if current else None,
            "; ".join(
                f"{f.get_source_display()} {formatting.money(f.annual_amount_pence)}" for f in lines
            ),
        ]
        for post, current, lines in queries.posts_with_current(system)
    ]
    return Sheet("Posts", columns, rows)


def _mix(system: System) -> Sheet:
    columns = [
        "Source",
        Column("Annual amount (£)", "money"),
        Column("Share (%)", "number"),
        Column("Posts", "number"),
        Column("WTE", "number"),
    ]
    rows = [[r.label, r.amount_pence, r.share, r.posts, r.wte] for r in queries.funding_mix(system)]
    return Sheet("Funding mix", columns, rows)


def _cliff(system: System) -> Sheet:
    columns = [
        Column("Months ahead", "number"),
        Column("Posts", "number"),
        Column("People", "number"),
        Column("Annual cost at risk (£)", "money"),
    ]
    rows = [[c.months, c.posts, c.people, c.cost_at_risk_pence] for c in queries.cliffs(system)]
    return Sheet("Cliff", columns, rows)


def _budgets(system: System) -> Sheet:
    columns = [
        *("Budget", "Year"),
        Column("Cap (£)", "money"),
        *("Partner", "Category"),
        *(
            Column(name, "money")
            for name in ("Expected share (£)", "Cash (£)", "In kind (£)", "Difference (£)")
        ),
    ]
    rows = [
        [
            *(rec.budget.name, rec.budget.financial_year, rec.budget.cap_pence),
            line.partner.name,
            line.partner.get_category_display(),
            *(line.expected_pence, line.cash_pence, line.in_kind_pence, line.difference_pence),
        ]
        for rec in queries.reconciliations(system)
        for line in rec.lines
    ]
    return Sheet("Pooled budgets", columns, rows)


def registers(system: System) -> downloads.Download:
    """Posts, the funding mix, the cliff and pooled budgets, one sheet each."""
    sheets = [_posts(system), _mix(system), _cliff(system), _budgets(system)]
    return downloads.xlsx(f"{system.code}-engine-room.xlsx", sheets)
