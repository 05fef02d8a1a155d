"""Months, financial years (April to March, written ``2025/26``, month 1 = April), quarters,
and working days (Monday to Friday, less England and Wales bank holidays).

The one home of calendar rules for every app; pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

BANK_HOLIDAYS_FILE = Path(__file__).with_name("data") / "bank_holidays.yaml"

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


# --- Working days ----------------------------------------------------------------------------


@cache
def _listed() -> dict[int, frozenset[dt.date]]:
    """Year -> the bank holidays GOV.UK publishes (``data/bank_holidays.yaml``)."""
    with open(BANK_HOLIDAYS_FILE, encoding="utf-8") as f:
        days = yaml.safe_load(f)
    years: dict[int, set[dt.date]] = {}
    for day in days:
        years.setdefault(day.year, set()).add(day)
    return {year: frozenset(found) for year, found in years.items()}


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales bank holidays in ``year``: as published, and for a year not yet
    published, by the standing rules (a one-off holiday is announced, never computed)."""
    return _listed().get(year) or _by_rule(year)


def _by_rule(year: int) -> frozenset[dt.date]:
    """New Year, Good Friday, Easter Monday, early May, spring and summer (first, last and
    last Mondays), Christmas and Boxing Day; each at a weekend moves to the next free weekday."""
    easter = easter_sunday(year)
    fixed = [
        easter - dt.timedelta(days=2),
        easter + dt.timedelta(days=1),
        _monday_on_or_after(dt.date(year, 5, 1)),
        _monday_on_or_after(dt.date(year, 5, 25)),
        _monday_on_or_after(dt.date(year, 8, 25)),
    ]
    days = set(fixed)
    for day in (dt.date(year, 1, 1), dt.date(year, 12, 25), dt.date(year, 12, 26)):
        while day.weekday() >= 5 or day in days:
            day += dt.timedelta(days=1)
        days.add(day)
    return frozenset(days)


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=-day.weekday() % 7)


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday (Gregorian calendar; the anonymous Meeus/Jones/Butcher algorithm)."""
    a, (b, c) = year % 19, divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lunar = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lunar) // 451
    month, day = divmod(h + lunar - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(day: dt.date, days: int) -> dt.date:
    """``day`` (or the next working day, when it is not one), then ``days`` working days on."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    for _ in range(days):
        day += dt.timedelta(days=1)
        while not is_working_day(day):
            day += dt.timedelta(days=1)
    return day


def working_day(month: dt.date, n: int) -> dt.date:
    """The ``n``-th working day (1 = the first) of ``month``'s month."""
    return add_working_days(first_of_month(month), n - 1)
