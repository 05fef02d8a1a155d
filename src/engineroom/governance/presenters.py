"""Display formatting for governance pages and exports (no Django imports needed)."""

from __future__ import annotations

import datetime as dt


def money(pence: int | None) -> str:
    """``£1,250,000`` from integer pence; pence shown only when there are any."""
    if pence is None:
        return "–"
    pounds, rest = divmod(abs(pence), 100)
    sign = "-" if pence < 0 else ""
    return f"{sign}£{pounds:,}" + (f".{rest:02d}" if rest else "")


def days(value: float | int | None) -> str:
    if value is None:
        return "–"
    value = round(value)
    return f"{value} day{'s' if value != 1 else ''}"


def date(value: dt.date | None) -> str:
    return value.strftime("%-d %B %Y") if value else "–"


def financial_year(on: dt.date) -> str:
    """``2025/26`` for any date from April 2025 to March 2026."""
    start = on.year if on.month >= 4 else on.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"
