"""Display formatting for the finance pages, kept out of views and templates."""

from __future__ import annotations

from decimal import Decimal

from engineroom.web import periods


def pounds(pence: int | None) -> str:
    """``-123456789`` -> ``-£1,234,568`` (whole pounds, rounded half away from zero)."""
    if pence is None:
        return "–"
    whole = (abs(pence) + 50) // 100
    return f"{'-' if pence < 0 and whole else ''}£{whole:,}"


def millions(pence: int | None) -> str:
    if pence is None:
        return "–"
    value = (Decimal(pence) / 100_000_000).quantize(Decimal("0.1"))
    return f"{'-' if value < 0 else ''}£{abs(value)}m"


def year(value: int) -> str:
    return periods.year_label(value)


def month(year_: int, value: int | None) -> str:
    return periods.month_label(year_, value) if value else "no returns yet"


def percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def meets(flag: bool | None) -> str:
    return {None: "No return", True: "Meets", False: "Misses"}[flag]


PALETTE = ("#005eb8", "#007f3b", "#330072", "#ffb81c", "#8a1538", "#00a499", "#425563", "#d5281b")


def stacked_bars(trend, sectors) -> list[dict]:
    """Rows of an SVG stacked bar chart of spend shares: one bar per year, one rect per sector."""
    bars = []
    for row, year_ in enumerate(trend):
        x, rects = Decimal(0), []
        for index, (sector, label) in enumerate(sectors):
            value = year_.by_sector.get(sector, 0)
            width = (Decimal(value) * 100 / year_.total).quantize(Decimal("0.01"))
            rects.append(
                {"x": x, "width": width, "fill": PALETTE[index % len(PALETTE)], "label": label}
            )
            x += width
        bars.append({"label": periods.year_label(year_.year), "y": row * 30 + 5, "rects": rects})
    return bars


def legend(sectors) -> list[dict]:
    return [
        {"label": label, "fill": PALETTE[i % len(PALETTE)]} for i, (_, label) in enumerate(sectors)
    ]


def sector_table(trend, sectors) -> list[dict]:
    return [
        {
            "year": periods.year_label(y.year),
            "cells": [millions(y.by_sector.get(s, 0)) for s, _ in sectors],
            "total": millions(y.total),
        }
        for y in trend
    ]


def forecast_chart(months, control_total: int) -> dict | None:
    """Geometry of an SVG column chart: forecast outturn by month against the control total."""
    if not months:
        return None
    values = [m.forecast or 0 for m in months] + [control_total, 0]
    top, bottom = max(values), min(values)
    span = (top - bottom) or 1

    def y(value: int) -> Decimal:
        return (Decimal(top - value) * 80 / span + 10).quantize(Decimal("0.1"))

    zero = y(0)
    columns = []
    for index, m in enumerate(months):
        value = y(m.forecast or 0)
        columns.append(
            {
                "x": 20 + index * 16,
                "y": min(value, zero),
                "height": abs(zero - value) or Decimal("0.5"),
                "label": MONTH_ABBREVIATIONS[m.month - 1],
                "title": f"{periods.MONTHS[m.month - 1]}: {pounds(m.forecast)}",
                "fill": "#007f3b" if (m.forecast or 0) >= control_total else "#d5281b",
            }
        )
    return {"columns": columns, "control_y": y(control_total), "zero_y": zero}


MONTH_ABBREVIATIONS = tuple(name[:3] for name in periods.MONTHS)
