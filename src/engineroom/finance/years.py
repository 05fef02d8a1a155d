"""Financial years run April to March and are written ``2025/26``; month 1 is April."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = (
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "January",
    "February",
    "March",
)
_LABEL = re.compile(r"^(\d{4})/(\d{2})$")


def label(year: int) -> str:
    """``2025`` -> ``2025/26``."""
    return f"{year}/{(year + 1) % 100:02d}"


def parse(text: str) -> int:
    """``2025/26`` -> ``2025``; raises ValueError on anything else."""
    match = _LABEL.match(text.strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(f"'{text}' is not a financial year like 2025/26")
    return int(match[1])


def year_of(day: dt.date) -> int:
    """The financial year a date falls in."""
    return day.year if day.month >= 4 else day.year - 1


def month_of(day: dt.date) -> int:
    """The month number (1 = April) of a date within its financial year."""
    return (day.month - 4) % 12 + 1


def month_label(year: int, month: int) -> str:
    calendar_year = year if month <= 9 else year + 1
    return f"{MONTHS[month - 1]} {calendar_year}"


def parse_month(text: str, year: int) -> int:
    """A month as ``5``, ``May``, ``may``, ``Aug`` or ``2025-08`` -> 1..12 within ``year``."""
    value = text.strip()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    iso = re.match(r"^(\d{4})-(\d{1,2})$", value)
    if iso:
        day = dt.date(int(iso[1]), int(iso[2]), 1) if 1 <= int(iso[2]) <= 12 else None
        if day and year_of(day) == year:
            return month_of(day)
        raise ValueError(f"'{text}' is not a month of {label(year)}")
    for number, name in enumerate(MONTHS, start=1):
        if len(value) >= 3 and name.lower().startswith(value.lower()):
            return number
    raise ValueError(f"'{text}' is not a month: use 1-12 (1 = April), a name or YYYY-MM")
