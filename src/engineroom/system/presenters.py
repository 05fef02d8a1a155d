"""Display formatting for the system pages, kept out of views and templates."""

from __future__ import annotations

from django.conf import settings


def tenure(days: int | None) -> str:
    if days is None:
        return "–"
    years, rest = divmod(days, 365)
    months = rest // 30
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months or not years:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return ", ".join(parts)


def population_range(low: int, high: int) -> str:
    return f"{low:,}–{high:,}"


def place_range() -> str:
    """The configured place size, e.g. ``150,000–500,000``."""
    return population_range(*settings.PLACE_POPULATION_RANGE)


def leaders(rows) -> list[tuple]:
    """Each leader row with its tenure as words."""
    return [(row, tenure(row.tenure_days)) for row in rows]
