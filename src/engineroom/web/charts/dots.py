"""Dot plots: one row per item (its label on the y axis), a value per series as a marker on the
x axis, an optional interval drawn as a line, and a reference line. A love plot (standardised
mean differences before and after matching, the 0.1 target) and a forest plot (rate ratios with
their 95% confidence intervals on a log scale, the line of no effect at 1) are both this."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engineroom.web.charts.shapes import (
    BLUE,
    GREY,
    INK,
    PLOT_WIDTH,
    RED,
    ROW,
    Chart,
    Shape,
    Table,
    label_room,
    line,
    nice_ticks,
    text,
    x_axis,
)

LOG_TICKS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5, 10, 20)
MARKS = ((GREY, "white"), (BLUE, BLUE))  # (stroke, fill) per series: hollow grey, solid blue


@dataclass(frozen=True)
class DotRow:
    label: str
    values: Sequence[float | None]  # one per series; None is not drawn
    texts: Sequence[str]  # the table's cells after the label
    low: float | None = None  # an interval (a confidence interval), drawn as a line
    high: float | None = None


def _numbers(rows: Sequence[DotRow], reference: float | None) -> list[float]:
    found = [v for r in rows for v in (*r.values, r.low, r.high) if v is not None]
    return found + ([reference] if reference is not None else [])


def _log_ticks(numbers: list[float]) -> list[float]:
    low, high = min(numbers, default=1), max(numbers, default=1)
    below = [t for t in LOG_TICKS if t <= low] or [LOG_TICKS[0]]
    above = [t for t in LOG_TICKS if t >= high] or [LOG_TICKS[-1]]
    return [t for t in LOG_TICKS if below[-1] <= t <= above[0]]


def _scale(ticks: list[float], left: float, log: bool) -> Callable[[float], float]:
    lo, hi = (math.log(ticks[0]), math.log(ticks[-1])) if log else (ticks[0], ticks[-1])

    def sx(v: float) -> float:
        v = min(max(v, ticks[0]), ticks[-1])
        v = math.log(v) if log else v
        return left + PLOT_WIDTH * (v - lo) / ((hi - lo) or 1)

    return sx


def _row_shapes(i: int, row: DotRow, sx, left: float, series: Sequence[str], fmt) -> list:
    y = i * ROW + ROW / 2
    shapes = [text(left - 8, y + 4, row.label, anchor="end")]
    if row.low is not None and row.high is not None:
        tip = f"{row.label}: {fmt(row.low)} to {fmt(row.high)}"
        interval = line(sx(row.low), y, sx(row.high), y, stroke=INK, width=2)
        shapes.append(Shape("line", interval.attrs, tip=tip))
    for value, name, (stroke, fill) in zip(row.values, series, MARKS, strict=False):
        if value is not None:
            attrs = {"cx": round(sx(value), 1), "cy": round(y, 1), "r": 5, "fill": fill}
            attrs |= {"stroke": stroke, "stroke-width": 2}
            shapes.append(Shape("circle", attrs, tip=f"{row.label}, {name}: {fmt(value)}"))
    return shapes


def dot_chart(
    title: str,
    rows: Sequence[DotRow],
    *,
    series: Sequence[str],
    x_label: str,
    reference: float | None = None,
    reference_label: str = "",
    log: bool = False,
    x_format: Callable[[float], str] = lambda v: f"{v:g}",
    table_header: Sequence[str] = (),
) -> Chart:
    """Rows top to bottom, each series a marker (first hollow grey, then solid blue), intervals
    as lines, the ``reference`` as a dashed red line; ``log`` for ratios."""
    numbers = _numbers(rows, reference)
    ticks = _log_ticks(numbers) if log else nice_ticks(0, max(numbers, default=1), 4)
    left = label_room(r.label for r in rows)
    sx = _scale(ticks, left, log)
    bottom = len(rows) * ROW
    shapes = x_axis(ticks, sx, bottom, x_label, x_format)
    if reference is not None:
        x = sx(reference)
        shapes.append(line(x, 0, x, bottom, stroke=RED, width=1.5, dash="5 3"))
        shapes.append(text(x, -6, reference_label or x_format(reference), anchor="middle"))
    for i, row in enumerate(rows):
        shapes += _row_shapes(i, row, sx, left, series, x_format)
    legend = [(name, stroke) for name, (stroke, _) in zip(series, MARKS, strict=False)]
    if reference is not None and reference_label:
        legend.append((reference_label, RED))
    header = table_header or ("", *series)
    table = Table(title, header, [(r.label, *r.texts) for r in rows])
    return Chart(title, 0, 0, shapes, legend, table).fit()
