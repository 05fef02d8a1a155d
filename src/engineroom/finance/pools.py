"""Pooled budgets and risk shares: who bears a section 75 pool's overspend (or underspend).

Rules in use by systems: each bears its own; by contribution share; fixed shares per line; a
contingency pot first; an order of cover; all with a tolerance alert. The allocation always sums
exactly to the pool's variance less any contingency used. Pure functions over plain rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from engineroom.finance.money import apportion, share_of


@dataclass(frozen=True)
class Row:
    organisation: str
    line: str
    contribution: int
    spend: int
    fixed_share: Decimal | None = None
    cover_order: int | None = None
    cover_cap: int | None = None


@dataclass
class Allocation:
    variance: int  # spend minus contributions: overspend positive
    contingency_used: int
    borne: dict[str, int]  # organisation -> share of the variance it bears
    alert: bool
    tolerance: int


def _by_contribution(amount: int, rows: list[Row]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r.organisation] += r.contribution
    names = list(totals)
    return dict(zip(names, apportion(amount, [max(totals[n], 0) for n in names]), strict=True))


def _fixed(rows: list[Row]) -> dict[str, int]:
    borne: dict[str, int] = defaultdict(int)
    lines: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        lines[r.line].append(r)
    for line_rows in lines.values():
        variance = sum(r.spend - r.contribution for r in line_rows)
        weights = [r.fixed_share if r.fixed_share is not None else Decimal(0) for r in line_rows]
        if not any(weights):
            raise ValueError("Each line under fixed shares needs the shares of its partners")
        for r, part in zip(line_rows, apportion(variance, weights), strict=True):
            borne[r.organisation] += part
    return dict(borne)


def _order(overspend: int, rows: list[Row]) -> dict[str, int]:
    borne: dict[str, int] = defaultdict(int)
    ordered = sorted((r for r in rows if r.cover_order is not None), key=lambda r: r.cover_order)
    if not ordered:
        raise ValueError("Order of cover needs at least one partner with a place in the order")
    remaining = overspend
    for index, r in enumerate(ordered):
        last = index == len(ordered) - 1
        take = remaining if last or r.cover_cap is None else min(remaining, r.cover_cap)
        borne[r.organisation] += take
        remaining -= take
    return dict(borne)


def allocate(
    rule: str, rows: list[Row], *, contingency: int = 0, tolerance_percent: Decimal = Decimal(0)
) -> Allocation:
    contributions = sum(r.contribution for r in rows)
    variance = sum(r.spend for r in rows) - contributions
    used = 0
    if rule == "own":
        borne: dict[str, int] = defaultdict(int)
        for r in rows:
            borne[r.organisation] += r.spend - r.contribution
    elif rule == "contribution":
        borne = _by_contribution(variance, rows)
    elif rule == "fixed":
        borne = _fixed(rows)
    elif rule == "contingency":
        used = min(max(variance, 0), contingency)
        borne = _by_contribution(variance - used, rows)
    elif rule == "order":
        borne = _order(variance, rows) if variance > 0 else _by_contribution(variance, rows)
    else:
        raise ValueError(f"Unknown risk-share rule '{rule}'")
    tolerance = share_of(contributions, tolerance_percent / 100)
    return Allocation(variance, used, dict(borne), variance > tolerance, tolerance)


def pool_allocation(pool) -> Allocation:
    rows = [
        Row(
            line.organisation.name,
            line.line,
            line.contribution_pence,
            line.spend_pence,
            line.fixed_share,
            line.cover_order,
            line.cover_cap_pence,
        )
        for line in pool.lines.select_related("organisation")
    ]
    return allocate(
        pool.rule,
        rows,
        contingency=pool.contingency_pence,
        tolerance_percent=pool.tolerance_percent,
    )
