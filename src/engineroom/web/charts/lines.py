"""Line charts over time: several series (planned dashed, actual solid), an optional target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engineroom.web import formatting, periods
from engineroom.web.charts.shapes import (
    INK,
    PALETTE,
    Chart,
    Shape,
    Table,
    line,
    nice_ticks,
    plain,
    text,
    text_width,
    y_axis,
)
from engineroom.web.charts.time_axis import MARKS, date_axis, date_scale, marker, month_span

LINE_WIDTH, LINE_HEIGHT = 520, 240


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[dt.date, float | None]]
    dashed: bool = False  # e.g. planned vs actual


def _span(series: Sequence[Series]) -> tuple[dt.date, dt.date]:
    days = [d for s in series for d, _ in s.points]
    if not days:
        today = dt.date.today()
        return periods.first_of_month(today), periods.add_months(today, 1)
    return month_span(days)


def _runs(points) -> list[list[tuple[dt.date, float]]]:
    """The series split where a value is missing, so a gap is drawn as a gap."""
    runs: list[list[tuple[dt.date, float]]] = [[]]
    for day, value in sorted(points, key=lambda p: p[0]):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((day, value))
    return [r for r in runs if r]


def _series_shapes(i: int, s: Series, sx, sy, fmt) -> list[Shape]:
    colour, kind = PALETTE[i % len(PALETTE)], MARKS[i % len(MARKS)]
    shapes: list[Shape] = []
    for run in _runs(s.points):
        d = "M" + "L".join(f"{sx(day):.1f} {sy(v):.1f}" for day, v in run)
        attrs = {"d": d, "fill": "none", "stroke": colour, "stroke-width": 2.5}
        if s.dashed:
            attrs["stroke-dasharray"] = "7 4"
        shapes.append(Shape("path", attrs))
    for run in _runs(s.points):
        for day, v in run:
            tip = f"{s.name}, {formatting.date_short(day)}: {fmt(v)}"
            shapes.append(marker(kind, sx(day), sy(v), colour, tip, r=4.5))
    known = [p for run in _runs(s.points) for p in run]
    if known:
        day, v = known[-1]
        shapes.append(text(sx(day) + 10, sy(v) + 4, s.name, weight="bold"))
    return shapes


def line_chart(
    title: str,
    series: Sequence[Series],
    *,
    axis_label: str,
    tick_format: Callable[[float], str] = plain,
    target: tuple[float, str] | None = None,
) -> Chart:
    """Dates across (months labelled), values up (ticks and unit), a marker with its value at
    every point, each line named at its end and in the legend, a dashed target line."""
    values = [v for s in series for _, v in s.points if v is not None]
    values += [target[0]] if target else []
    ticks = nice_ticks(min(values, default=0), max(values, default=1))
    left = max(60.0, max(text_width(tick_format(t)) for t in ticks) + 16)
    start, end = _span(series)
    sx = date_scale(start, end, left, LINE_WIDTH)

    def sy(v: float) -> float:
        return LINE_HEIGHT * (ticks[-1] - v) / (ticks[-1] - ticks[0])

    shapes = y_axis(ticks, sy, left, axis_label, tick_format, grid_to=left + LINE_WIDTH)
    shapes += date_axis(start, end, sx, LINE_HEIGHT, "Month")
    if target:
        y = sy(target[0])
        shapes.append(line(left, y, left + LINE_WIDTH, y, stroke=INK, width=2, dash="2 3"))
        shapes.append(text(left + LINE_WIDTH + 6, y + 4, target[1]))
    for i, s in enumerate(series):
        shapes += _series_shapes(i, s, sx, sy, tick_format)
    legend = [
        (f"{s.name}{' (dashed line)' if s.dashed else ''}", PALETTE[i % len(PALETTE)])
        for i, s in enumerate(series)
    ]
    return Chart(title, 0, 0, shapes, legend, _table(title, series, tick_format)).fit()


def _table(title: str, series: Sequence[Series], fmt) -> Table:
    by_day: dict[dt.date, dict[int, float | None]] = {}
    for i, s in enumerate(series):
        for day, v in s.points:
            by_day.setdefault(day, {})[i] = v
    rows = [
        (
            formatting.date_short(day),
            *(
                formatting.MISSING if cells.get(i) is None else fmt(cells[i])
                for i in range(len(series))
            ),
        )
        for day, cells in sorted(by_day.items())
    ]
    return Table(title, ("Date", *(s.name for s in series)), rows)
