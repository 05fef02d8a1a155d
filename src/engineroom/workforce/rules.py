"""Rules of the engine room: shares of a whole, each partner's expected share of a pooled budget,
when a funding line is current and when it counts as continued."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from engineroom.web.periods import add_months
from engineroom.workforce.models import BudgetPartner, FundingLine, ShareRule

HORIZONS = (3, 6, 12)  # months ahead the funding and contract cliff is shown for


def share_percent(part: int, whole: int) -> Decimal:
    """``part`` as a percentage of ``whole``, to one decimal place (0.0 when there is no whole)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def expected_shares(budget, partners: list[BudgetPartner]) -> list[int]:
    """Each partner's share of the cap in pence; equal shares split the odd pence from the top."""
    if not partners:
        return []
    if budget.share_rule == ShareRule.EQUAL:
        each, spare = divmod(budget.cap_pence, len(partners))
        return [each + (1 if i < spare else 0) for i in range(len(partners))]
    return [
        int(
            (Decimal(budget.cap_pence) * (p.agreed_share or 0) / 100).quantize(
                Decimal(1), ROUND_HALF_UP
            )
        )
        for p in partners
    ]


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    first = add_months(day.replace(day=1), months)
    return first.replace(day=min(day.day, calendar.monthrange(first.year, first.month)[1]))


def is_current(line: FundingLine, on: dt.date) -> bool:
    return line.start_date <= on and (line.end_date is None or line.end_date >= on)


def continued(line: FundingLine, lines: list[FundingLine]) -> bool:
    """A line is continued if another of the post's lines starts by the day after it ends."""
    day_after = line.end_date + dt.timedelta(days=1)
    return any(
        o.pk != line.pk
        and o.start_date <= day_after
        and (o.end_date is None or o.end_date > line.end_date)
        for o in lines
    )
