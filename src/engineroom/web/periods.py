"""Months, financial years (April to March, written ``2025/26``, month 1 = April) and quarters.

The one home of calendar rules for every app; pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = tuple(
    [
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
    ]
)
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def year_label(year: int) -> str:
    """``2025`` -> ``2025/26``."""
    return f"{year}/{(year + 1) % 100:02d}"


def parse_year(text: str) -> int:
    """``2025/26`` -> ``2025``; raises ValueError on anything else."""
    match = _YEAR.match(text.strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(f"'{text}' is not a financial year like 2025/26")
    return int(match[1])


def year_of(day: dt.date) -> int:
    """The financial year a date falls in, as the calendar year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_of(day: dt.date) -> str:
    """``2025/26`` for any date from April 2025 to March 2026."""
    return year_label(year_of(day))


def month_of(day: dt.date) -> int:
    """The month number (1 = April) of a date within its financial year."""
    return (day.month - 4) % 12 + 1


def month_label(year: int, month: int) -> str:
    """Month ``month`` (1 = April) of financial year ``year``: ``May 2025``."""
    calendar_year = year if month <= 9 else year + 1
    return f"{MONTHS[month - 1]} {calendar_year}"


def parse_month_in_year(text: str, year: int) -> int:
    """A month as ``5``, ``May``, ``may``, ``Aug`` or ``2025-08`` -> 1..12 within ``year``."""
    value = text.strip()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    iso = re.match(r"^(\d{4})-(\d{1,2})$", value)
    if iso:
        day = dt.date(int(iso[1]), int(iso[2]), 1) if 1 <= int(iso[2]) <= 12 else None
        if day and year_of(day) == year:
            return month_of(day)
        raise ValueError(f"'{text}' is not a month of {year_label(year)}")
    for number, name in enumerate(MONTHS, start=1):
        if len(value) >= 3 and name.lower().startswith(value.lower()):
            return number
    raise ValueError(f"'{text}' is not a month: use 1-12 (1 = April), a name or YYYY-MM")


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def parse_month(text: str) -> dt.date:
    """``2025-04`` to 1 April 2025; ValueError otherwise."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"{text!r} is not a month written as YYYY-MM.")
    return dt.date(int(match[1]), int(match[2]), 1)


@dataclass(frozen=True)
class Quarter:
    start_year: int  # the year the financial year starts in
    number: int  # 1 (April-June) to 4 (January-March)

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(year_of(day), (day.month - 4) % 12 // 3 + 1)

    @classmethod
    def parse(cls, slug: str) -> Quarter:
        """``2025-26-q1``; ValueError otherwise."""
        match = re.fullmatch(r"(\d{4})-(\d{2})-q([1-4])", slug)
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise ValueError(f"{slug!r} is not a quarter written as 2025-26-q1.")
        return cls(int(match[1]), int(match[3]))

    @property
    def months(self) -> list[dt.date]:
        first = dt.date(self.start_year, 4, 1)
        return [add_months(first, (self.number - 1) * 3 + i) for i in range(3)]

    @property
    def slug(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}-q{self.number}"

    @property
    def label(self) -> str:
        return f"Quarter {self.number} {year_label(self.start_year)}"

    def previous(self) -> Quarter:
        return Quarter.of(add_months(self.months[0], -3))
