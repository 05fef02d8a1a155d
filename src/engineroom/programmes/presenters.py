"""Display formatting for programme and engine-room pages, kept out of views and templates."""

from __future__ import annotations

from decimal import Decimal

RAG_TAG = {"green": "nhsuk-tag--green", "amber": "nhsuk-tag--orange", "red": "nhsuk-tag--red"}
BAND_TAG = {
    "low": "nhsuk-tag--green",
    "moderate": "nhsuk-tag--yellow",
    "high": "nhsuk-tag--orange",
    "extreme": "nhsuk-tag--red",
}


def pounds(pence: int | None) -> str:
    """Whole pounds with thousands separators: -123456 pence is "-£1,235"."""
    if pence is None:
        return "–"
    value = (Decimal(pence) / 100).quantize(Decimal(1))
    return f"-£{-value:,}" if value < 0 else f"£{value:,}"


def percent(value) -> str:
    return f"{value}%"


def bar_width(value: int, largest: int, width: int = 300) -> int:
    """Pixels for a bar in an SVG bar chart."""
    return 0 if not largest else round(width * value / largest)
