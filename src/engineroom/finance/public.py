"""What other apps may use of finance: the one module they may import (import-linter allows
``engineroom.oversight`` to import this and nothing else of ``finance``)."""

from __future__ import annotations

import datetime as dt

from engineroom.finance.models import Plan
from engineroom.finance.position import position
from engineroom.system.models import System
from engineroom.web import periods


def ytd_variances(system: System) -> list[tuple[dt.date, int]]:
    """The system's year-to-date surplus against plan at the end of every month with returns,
    every year, in pence: the open-book position the finance pages show."""
    years = set(Plan.objects.filter(system=system).values_list("year", flat=True))
    found = []
    for year in sorted(years):
        current = position(system, year)
        if current.month is None:
            continue
        for m in current.months[: current.month]:
            month = periods.add_months(dt.date(year, 4, 1), m.month - 1)
            found.append((month, m.ytd_actual - m.ytd_plan))
    return found


def monthly_variances(system: System) -> list[tuple[dt.date, int, int]]:
    """(month, in-month surplus against plan, year to date) in pence for every month with
    returns: the in-month figure is the difference of the year-to-date ones (April's is April's
    own), so the two always reconcile."""
    found, before = [], None
    for month, ytd in ytd_variances(system):
        fresh = before is None or month.month == 4
        found.append((month, ytd if fresh else ytd - before, ytd))
        before = ytd
    return found


__all__ = ["monthly_variances", "ytd_variances"]
