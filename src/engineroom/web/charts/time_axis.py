"""The shared parts of charts over time: a month axis and point markers that differ by shape."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable

from engineroom.web import periods
from engineroom.web.charts.shapes import INK, TICK_CLASS, Shape, axis_name, line, text

MAX_MONTH_LABELS = 12
MARKS = ("circle", "square", "triangle", "diamond")


def month_span(days: Iterable[dt.date]) -> tuple[dt.date, dt.date]:
    """From the first of the earliest month to the first of the month after the latest."""
    days = list(days)
    return periods.first_of_month(min(days)), periods.add_months(max(days), 1)


def date_scale(start: dt.date, end: dt.date, left: float, width: float) -> Callable:
    total = max((end - start).days, 1)
    return lambda day: left + width * (day - start).days / total


def month_ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first of every month from ``start`` to ``end``, every nth one if there are many."""
    months = (end.year - start.year) * 12 + end.month - start.month
    step = max(1, math.ceil(months / MAX_MONTH_LABELS))
    return [periods.add_months(start, i) for i in range(0, months + 1, step)]


def date_axis(start: dt.date, end: dt.date, scale: Callable, y: float, label: str) -> list[Shape]:
    """A month axis at ``y``: 'Jan' under each tick, and the year under the first tick and under
    each tick in a new year. Ticks every few months may skip January, so the year goes under
    whichever tick first falls in it rather than under January."""
    ticks = month_ticks(start, end)
    shapes = [line(scale(start), y, scale(end), y)]
    for i, day in enumerate(ticks):
        x = scale(day)
        shapes += [
            line(x, y, x, y + 5, css=TICK_CLASS),
            text(x, y + 19, f"{day:%b}", anchor="middle"),
        ]
        if i == 0 or day.year != ticks[i - 1].year:
            shapes.append(text(x, y + 34, f"{day:%Y}", anchor="middle"))
    return [*shapes, axis_name((scale(start) + scale(end)) / 2, y + 54, label)]


def month_grid(start: dt.date, end: dt.date, scale: Callable, top: float, bottom: float):
    return [
        line(scale(d), top, scale(d), bottom, stroke="#d8dde0") for d in month_ticks(start, end)
    ]


def marker(kind: str, x: float, y: float, fill: str, tip: str, *, r: float = 6) -> Shape:
    """A point drawn as a circle, square, triangle or diamond (``open-`` prefix: white inside)."""
    hollow = kind.startswith("open-")
    kind = kind.removeprefix("open-")
    paint = {"fill": "#ffffff" if hollow else fill, "stroke": fill if hollow else INK}
    paint["stroke-width"] = 2 if hollow else 1
    if kind == "circle":
        return Shape("circle", {"cx": round(x, 1), "cy": round(y, 1), "r": r, **paint}, tip=tip)
    corners = {
        "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
        "triangle": [(0, -r - 1), (r + 1, r), (-r - 1, r)],
        "diamond": [(0, -r - 2), (r + 2, 0), (0, r + 2), (-r - 2, 0)],
    }[kind]
    d = "M" + "L".join(f"{x + dx:.1f} {y + dy:.1f}" for dx, dy in corners) + "Z"
    return Shape("path", {"d": d, **paint}, tip=tip)
