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
    every year, in pence (the open-book position the finance pages show): what oversight charts
    as the system's finance position."""
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


__all__ = ["ytd_variances"]
