"""Months, financial years (April-March, written 2025/26) and their quarters."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def parse_month(text: str) -> dt.date:
    """``2025-04`` to 1 April 2025; ValueError otherwise."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"{text!r} is not a month written as YYYY-MM.")
    return dt.date(int(match[1]), int(match[2]), 1)


def financial_year_of(day: dt.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class Quarter:
    start_year: int  # the year the financial year starts in
    number: int  # 1 (April-June) to 4 (January-March)

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        start = day.year if day.month >= 4 else day.year - 1
        return cls(start, (day.month - 4) % 12 // 3 + 1)

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
        return f"Quarter {self.number} {self.start_year}/{(self.start_year + 1) % 100:02d}"

    def previous(self) -> Quarter:
        return Quarter.of(add_months(self.months[0], -3))
