"""Funnel plots: a rate or proportion of each unit against its size, with the centre line and
control limits (for example 95% and 99.8%) narrowing as the size grows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engineroom.web.charts.shapes import (
    BLUE,
    GREEN,
    GREY,
    INK,
    RED,
    Chart,
    Shape,
    Table,
    line,
    nice_ticks,
    x_axis,
    y_axis,
)

WIDTH, HEIGHT, LEFT = 420, 260, 70
LIMIT_STYLES = ((GREY, "6 4"), (INK, "2 3"))  # inner limits dashed, outer dotted


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    size: float
    value: float
    note: str  # where it sits, in words ("within limits", "above 99.8% limit")
    outside: bool = False  # drawn in red when outside the outer limits


@dataclass(frozen=True)
class FunnelLimits:
    name: str  # "95% limits"
    sizes: Sequence[float]
    lower: Sequence[float]
    upper: Sequence[float]


def _path(xs, ys, sx, sy, stroke: str, dash: str) -> Shape:
    d = "M" + "L".join(f"{sx(x):.1f} {sy(y):.1f}" for x, y in zip(xs, ys, strict=True))
    attrs = {"d": d, "fill": "none", "stroke": stroke, "stroke-width": 1.5}
    return Shape("path", {**attrs, "stroke-dasharray": dash})


def _scales(points, limits, centre):
    sizes = [p.size for p in points] + [s for lim in limits for s in lim.sizes]
    values = [p.value for p in points] + [centre]
    values += [v for lim in limits for v in (*lim.lower, *lim.upper)]
    xt = nice_ticks(0, max(sizes, default=1), 4)
    yt = nice_ticks(min(values, default=0), max(values, default=1), 5)
    return xt, yt


def funnel_chart(
    title: str,
    points: Sequence[FunnelPoint],
    limits: Sequence[FunnelLimits],
    centre: float,
    *,
    x_label: str,
    y_label: str,
    y_format=lambda v: f"{v:g}",
    table_header: Sequence[str] = ("Unit", "Size", "Value", "Position"),
) -> Chart:
    """Each unit's value against its size, the centre line and each set of limits."""
    xt, yt = _scales(points, limits, centre)

    def sx(v):
        return LEFT + WIDTH * v / xt[-1]

    def sy(v):
        return HEIGHT * (1 - (v - yt[0]) / (yt[-1] - yt[0]))

    shapes = x_axis(xt, sx, HEIGHT, x_label, lambda v: f"{v:,.0f}")
    shapes += y_axis(yt, sy, LEFT, y_label, y_format, grid_to=LEFT + WIDTH)
    shapes.append(line(sx(0), sy(centre), sx(xt[-1]), sy(centre), stroke=GREEN, width=2))
    for lim, (stroke, dash) in zip(limits, LIMIT_STYLES, strict=False):
        if lim.sizes:
            shapes.append(_path(lim.sizes, lim.lower, sx, sy, stroke, dash))
            shapes.append(_path(lim.sizes, lim.upper, sx, sy, stroke, dash))
    for p in points:
        attrs = {"cx": round(sx(p.size), 1), "cy": round(sy(p.value), 1), "r": 4}
        attrs["fill"] = RED if p.outside else BLUE
        tip = f"{p.label}: {y_format(p.value)} of {p.size:,.0f}, {p.note}"
        shapes.append(Shape("circle", attrs, tip=tip))
    legend = [("Practice", BLUE), ("Outside the outer limits", RED), ("Overall", GREEN)]
    legend += [(lim.name, stroke) for lim, (stroke, _) in zip(limits, LIMIT_STYLES, strict=False)]
    rows = [(p.label, f"{p.size:,.0f}", y_format(p.value), p.note) for p in points]
    return Chart(title, 0, 0, shapes, legend, Table(title, table_header, rows)).fit()
