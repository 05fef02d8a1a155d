"""The one formatting module: money, numbers, percentages, dates and financial years for people.

Money is always given in pence (``int``, or ``Decimal`` pence from a calculation) and shown in
whole pounds, rounded half away from zero: 250p is "£3", 250,000p "£2,500", -250,000p "(£2,500)".
Negatives are in brackets, as finance papers write them, and never break across lines. Templates
use these through the ``engineroom`` filter library; exports keep the raw numbers.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from engineroom.web import periods

MISSING = "–"
NBSP = "\u00a0"


def _whole_pounds(pence: int | Decimal) -> int:
    return int((Decimal(pence) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _signed(amount: str, negative: bool) -> str:
    return f"({amount})" if negative else amount


def money(pence: int | Decimal | None) -> str:
    """``£2,500``; negatives ``(£2,500)``; ``–`` when unknown."""
    if pence is None:
        return MISSING
    pounds = _whole_pounds(pence)
    return _signed(f"£{abs(pounds):,}", pounds < 0)


def money_exact(pence: int | Decimal | None) -> str:
    """``£2,500.50`` with pence, for invoices and transfers that must add to the penny."""
    if pence is None:
        return MISSING
    value = (Decimal(pence) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return _signed(f"£{abs(value):,}", value < 0)


def money_short(pence: int | Decimal | None, *, places: int = 2) -> str:
    """``£1.25m`` from a million pounds up, ``£250k`` from ten thousand, else as ``money``;
    ``places`` is the most decimal places shown for millions."""
    if pence is None:
        return MISSING
    pounds = Decimal(pence) / 100
    size = abs(pounds)
    if size >= 1_000_000:
        text = f"£{_trim(size / 1_000_000, str(Decimal(1).scaleb(-places)))}m"
    elif size >= 10_000:
        text = f"£{_trim(size / 1_000, '1')}k"
    else:
        return money(pence)
    return _signed(text, pounds < 0)


def money_summary(pence: int | Decimal | None) -> str:
    """For summaries and headlines: ``£1.3m``, ``(£1.3m)``, ``£250k``, ``£2,500``; tables show
    the full figure (``money``: ``£1,284,310``)."""
    return money_short(pence, places=1)


def _trim(value: Decimal, places: str) -> str:
    rounded = value.quantize(Decimal(places), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def number(value: int | float | Decimal | None, places: int = 0) -> str:
    """``12,345`` (or ``12,345.6`` with ``places=1``)."""
    if value is None:
        return MISSING
    return f"{value:,.{places}f}"


def percent(share: float | Decimal | None, places: int = 0) -> str:
    """A share of one as a percentage: ``0.256`` is ``26%`` (``25.6%`` with ``places=1``)."""
    if share is None:
        return MISSING
    value = (Decimal(str(share)) * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{value}%"


def _local(value):
    """Aware datetimes in the site's time zone (Europe/London); dates as they are."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date(value: dt.date | None) -> str:
    """``5 March 2026`` (a datetime is shown on its local date)."""
    value = _local(value)
    return f"{value.day} {value:%B %Y}" if value else MISSING


def day_month(value: dt.date | None) -> str:
    """``13 November``, when the year goes without saying."""
    value = _local(value)
    return f"{value.day} {value:%B}" if value else MISSING


def date_short(value: dt.date | None) -> str:
    """``5 Mar 2026``, for tables."""
    return f"{value.day} {value:%b %Y}" if value else MISSING


def date_time(value: dt.datetime | None) -> str:
    """``5 March 2026, 14:30`` in local time."""
    value = _local(value)
    return f"{date(value)}, {value:%H:%M}" if value else MISSING


def days(value: float | int | None) -> str:
    if value is None:
        return MISSING
    value = round(value)
    return f"{value} day{'s' if value != 1 else ''}"


def financial_year(value: dt.date | int | None) -> str:
    """``2025/26`` for a date in that year or for the year it starts in (``2025``)."""
    if value is None:
        return MISSING
    return periods.year_label(value if isinstance(value, int) else periods.year_of(value))


def month(value: dt.date | None) -> str:
    """``May 2025``."""
    return f"{value:%B %Y}" if value else MISSING


def published(value: int | float | str | None) -> str:
    """A number from a published aggregate, where small numbers are suppressed: the ``*`` of a
    suppressed value stays ``*``; counts ``12,345``; rates and shares ``14.5`` (one place)."""
    if value is None:
        return MISSING
    if isinstance(value, str):
        return value
    return number(value, 1 if isinstance(value, float) else 0)


def nhs_number(value: str) -> str:
    """``943 476 5919``: the NHS number in its 3-3-4 display form (anything else as it is)."""
    text = str(value)
    return f"{text[:3]} {text[3:6]} {text[6:]}" if len(text) == 10 else text


def person_name(family: str | None, given: str | None) -> str:
    """``SMITH, John``, as NHS patient banners write it; plain words when no name was sent."""
    parts = [
        family.upper() if isinstance(family, str) else "",
        given if isinstance(given, str) else "",
    ]
    return ", ".join(p for p in parts if p) or "Name not recorded"
