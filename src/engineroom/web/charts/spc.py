"""Statistical process control charts in the look of NHS England's Making Data Count.

An ``SpcResult`` (from ``engineroom.population.spc``) becomes a ``Chart``: the data as a grey line,
each point marked by its type in colour *and* shape (so type never rests on colour alone), the mean
solid, the process limits dashed, the two-sigma band shaded, a target as a red dashed line. Limits
are drawn per point as steps, so a recalculation (a new segment) shows as a step in the lines, and
a segment with fewer than twelve points is labelled as having trial limits. ``VARIATION_TEXT`` and
``ASSURANCE_TEXT`` give the two Making Data Count icons in words, for the icons' titles and labels
(``web/_spc_icons.html``) and for the chart's description.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engineroom.population.spc.result import POINT_TYPES, TRIAL_POINTS, SpcPoint, SpcResult
from engineroom.web import formatting
from engineroom.web.charts.shapes import (
    GREY,
    INK,
    RED,
    Chart,
    Shape,
    Table,
    nice_ticks,
    plain,
    text,
    text_width,
    y_axis,
)
from engineroom.web.charts.time_axis import date_axis, date_scale, marker, month_span

WIDTH, HEIGHT = 520, 240
LINE_GREY, COMMON_GREY, BAND = "#768692", "#aeb7bd", "#e8edee"
IMPROVEMENT, CONCERN, NEUTRAL = "#41b6e6", "#ed8b00", "#330072"
TRIAL_LABEL = f"Trial limits (fewer than {TRIAL_POINTS} points)"

VARIATION_TEXT = {
    "common_cause": "Common cause variation: no significant change",
    "improvement_high": "Special cause variation: improvement (higher)",
    "improvement_low": "Special cause variation: improvement (lower)",
    "concern_high": "Special cause variation: concern (higher)",
    "concern_low": "Special cause variation: concern (lower)",
    "neutral_high": "Special cause variation: neither improvement nor concern (higher)",
    "neutral_low": "Special cause variation: neither improvement nor concern (lower)",
}
ASSURANCE_TEXT = {
    "consistent_pass": "The target will consistently be met (it is outside the process limits)",
    "consistent_fail": (
        "The target will consistently not be met (it is outside the process limits)"
    ),
    "inconsistent": "The target may or may not be met (it is inside the process limits)",
}
NO_ASSURANCE = "There is no assurance against a target (no target, or no direction of improvement)"

# Point type -> (words, colour, shape, shape in words); improvement's triangle points to its side.
POINT_STYLE = {
    "common_cause": ("common cause", COMMON_GREY, "circle", "grey circle"),
    "special_cause_improvement": ("special cause improvement", IMPROVEMENT, "triangle", ""),
    "special_cause_concern": ("special cause concern", CONCERN, "diamond", "orange diamond"),
    "special_cause_neutral_high": ("special cause neutral", NEUTRAL, "square", "purple square"),
    "special_cause_neutral_low": ("special cause neutral", NEUTRAL, "square", "purple square"),
}
IMPROVEMENT_SHAPE = "blue triangle, pointing up when high and down when low"


@dataclass(frozen=True)
class SpcFigure:
    """A chart with the result it draws, for pages that show the two icons beside it."""

    chart: Chart
    result: SpcResult


def point_words(point: SpcPoint) -> str:
    """``special cause concern (low)``; ``common cause`` has no side."""
    words = POINT_STYLE[point.point_type][0]
    return f"{words} ({point.side})" if point.side else words


def _when(day: dt.date) -> str:
    """``Mar 2025`` for a month (the first of it), ``5 Mar 2025`` for any other day."""
    return f"{day:%b %Y}" if day.day == 1 else formatting.date_short(day)


def _ticks(low: float, high: float) -> list[float]:
    """Round ticks covering ``low``..``high`` without reaching down to zero: limits sit around
    the mean, and a chart squashed above an empty band from zero hides the variation."""
    if high <= low:
        pad = max(abs(low) * 0.1, 1.0)
        low, high = low - pad, high + pad
    step = nice_ticks(0, high - low)[1]
    first = math.floor(low / step) * step
    count = max(1, math.ceil((high - first) / step - 1e-9))
    return [round(first + i * step, 10) for i in range(count + 1)]


def _steps(xs: Sequence[float], ys: Sequence[float]) -> list[tuple[float, float]]:
    """Corners of a line holding each point's value from halfway to its neighbours, so that a
    value that changes (a new segment's limits) steps between the two points."""
    corners = [(xs[0], ys[0])]
    for i in range(1, len(xs)):
        if ys[i] != ys[i - 1]:
            middle = (xs[i - 1] + xs[i]) / 2
            corners += [(middle, ys[i - 1]), (middle, ys[i])]
    return [*corners, (xs[-1], ys[-1])]


def _path(corners, *, close: bool = False, fill: str = "none", **attrs) -> Shape:
    d = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in corners) + ("Z" if close else "")
    return Shape("path", {"d": d, "fill": fill, **attrs})


def _limit_shapes(points: Sequence[SpcPoint], xs, sy) -> list[Shape]:
    """The shaded two-sigma band, the dashed process limits and the solid mean."""
    upper_band = _steps(xs, [sy(p.upper_two_sigma) for p in points])
    lower_band = _steps(xs, [sy(p.lower_two_sigma) for p in points])
    dashed = {"stroke": GREY, "stroke-width": 1.5, "stroke-dasharray": "6 4"}
    return [
        _path(upper_band + lower_band[::-1], close=True, fill=BAND),
        _path(_steps(xs, [sy(p.upl) for p in points]), **dashed),
        _path(_steps(xs, [sy(p.lpl) for p in points]), **dashed),
        _path(_steps(xs, [sy(p.mean) for p in points]), stroke=INK, **{"stroke-width": 1.5}),
    ]


def _target_shapes(points: Sequence[SpcPoint], xs, sy, right: float) -> list[Shape]:
    """A red dashed line through each run of known targets, the last run carried on to the
    plot's right edge and labelled there, clear of the points."""
    runs: list[list[int]] = [[]]
    for i, p in enumerate(points):
        if p.target is None:
            runs.append([])
        else:
            runs[-1].append(i)
    runs = [r for r in runs if r]
    shapes = []
    for n, run in enumerate(runs):
        corners = _steps([xs[i] for i in run], [sy(points[i].target) for i in run])
        if n == len(runs) - 1:
            corners.append((right, corners[-1][1]))
        dash = {"stroke-width": 2, "stroke-dasharray": "5 3"}
        shapes.append(_path(corners, stroke=RED, **dash))
    if runs:
        shapes.append(text(right + 6, sy(points[runs[-1][-1]].target) + 4, "Target", fill=RED))
    return shapes


def _marker(point: SpcPoint, x: float, y: float, tip: str) -> Shape:
    _, colour, kind, _ = POINT_STYLE[point.point_type]
    if kind == "triangle" and point.side == "low":
        r = 5.5
        corners = [(x, y + r + 1), (x + r + 1, y - r), (x - r - 1, y - r)]
        d = "M" + "L".join(f"{cx:.1f} {cy:.1f}" for cx, cy in corners) + "Z"
        return Shape("path", {"d": d, "fill": colour, "stroke": INK, "stroke-width": 1}, tip=tip)
    return marker(kind, x, y, colour, tip, r=4.5 if kind == "circle" else 5.5)


def _point_shapes(points, dates, xs, sy, fmt) -> list[Shape]:
    """The grey line through the values, then a marker with its tip at every point."""
    line = _path([(x, sy(p.value)) for x, p in zip(xs, points, strict=True)])
    shapes = [Shape("path", {**line.attrs, "stroke": LINE_GREY, "stroke-width": 2})]
    for x, p, day in zip(xs, points, dates, strict=True):
        tip = f"{_when(day)}: {fmt(p.value)} — {point_words(p)}"
        shapes.append(_marker(p, x, sy(p.value), tip))
    return shapes


def _segments(points: Sequence[SpcPoint]) -> list[list[int]]:
    segments: dict[int, list[int]] = {}
    for i, p in enumerate(points):
        segments.setdefault(p.segment, []).append(i)
    return list(segments.values())


def _trial_labels(points: Sequence[SpcPoint], xs, right: float) -> list[Shape]:
    """``Trial limits (...)`` above the plot from each trial segment's first point (moved left
    to end at the plot's edge), unless it would run into the label before it."""
    shapes, free_from, width = [], -math.inf, text_width(TRIAL_LABEL)
    for segment in _segments(points):
        x = min(xs[segment[0]], right - width)
        if points[segment[0]].trial and x >= free_from:
            shapes.append(text(x, -32, TRIAL_LABEL))
            free_from = x + width + 12
    return shapes


def _legend(result: SpcResult) -> list[tuple[str, str]]:
    """Every point type present, with its shape in words, then the lines."""
    present = {p.point_type for p in result.points}
    legend: list[tuple[str, str]] = []
    for point_type in (t for t in POINT_TYPES if t in present):
        words, colour, _, shape = POINT_STYLE[point_type]
        entry = (f"{words.capitalize()} ({shape or IMPROVEMENT_SHAPE})", colour)
        if entry not in legend:  # neutral high and low share one entry
            legend.append(entry)
    legend += [("Mean (solid line)", INK), ("Process limits (dashed lines)", GREY)]
    legend.append(("Two-sigma band (shaded)", BAND))
    if any(p.target is not None for p in result.points):
        legend.append(("Target (red dashed line)", RED))
    return legend


def _table(title: str, dates, result: SpcResult, fmt) -> Table:
    targets = any(p.target is not None for p in result.points)
    header = ("Month", "Value", "Mean", "Lower process limit", "Upper process limit")
    header += ("Target",) if targets else ()
    rows = []
    for day, p in zip(dates, result.points, strict=True):
        row = (_when(day), fmt(p.value), fmt(p.mean), fmt(p.lpl), fmt(p.upl))
        if targets:
            row += (formatting.MISSING if p.target is None else fmt(p.target),)
        rows.append((*row, point_words(p).capitalize()))
    return Table(title, (*header, "Point type"), rows)


def describe(dates, result: SpcResult, fmt, detail: str = "") -> str:
    """One sentence: the span, the latest mean and limits, and the two icons in words."""
    last = result.points[-1]
    trial = f" (trial limits: fewer than {TRIAL_POINTS} points)" if last.trial else ""
    assurance = ASSURANCE_TEXT.get(result.assurance_icon or "", NO_ASSURANCE)
    sentence = (
        f"From {_when(dates[0])} to {_when(dates[-1])}, mean {fmt(last.mean)}, process limits "
        f"{fmt(last.lpl)} to {fmt(last.upl)}{trial}: "
        f"{VARIATION_TEXT[result.variation_icon or 'common_cause']}; "
        f"{assurance[0].lower()}{assurance[1:]}."
    )
    return f"{sentence} {detail}".strip()


def _frame(dates, points, axis_label, tick_format):
    """The axes (values up without reaching down to zero, months across) and the scales."""
    values = [v for p in points for v in (p.value, p.upl, p.lpl, p.target) if v is not None]
    ticks = _ticks(min(values), max(values))
    left = max(60.0, max(text_width(tick_format(t)) for t in ticks) + 16)
    start, end = month_span(dates)
    sx = date_scale(start, end, left, WIDTH)

    def sy(v: float) -> float:
        return HEIGHT * (ticks[-1] - v) / (ticks[-1] - ticks[0])

    shapes = y_axis(ticks, sy, left, axis_label, tick_format, grid_to=left + WIDTH)
    return shapes + date_axis(start, end, sx, HEIGHT, "Month"), sx, sy, left + WIDTH


def spc_chart(
    title: str,
    dates: Sequence[dt.date],
    result: SpcResult,
    *,
    axis_label: str,
    tick_format: Callable[[float], str] = plain,
    caption_detail: str = "",
    value_format: Callable[[float], str] | None = None,
) -> Chart:
    """Months across, values up; one date per point of ``result`` (at least one point).
    ``caption_detail`` is added to the description, e.g. what the measure counts;
    ``value_format`` writes the values in tips, table and description (default ``tick_format``),
    for when the axis is in short form (``£1.2m``) and the table in full (``£1,234,567``)."""
    points, fmt = result.points, value_format or tick_format
    if not points or len(dates) != len(points):
        raise ValueError("an SPC chart needs one date for each of at least one point")
    shapes, sx, sy, right = _frame(dates, points, axis_label, tick_format)
    xs = [sx(day) for day in dates]
    shapes += _limit_shapes(points, xs, sy) + _target_shapes(points, xs, sy, right)
    shapes += _point_shapes(points, dates, xs, sy, fmt) + _trial_labels(points, xs, right)
    chart = Chart(title, 0, 0, shapes, _legend(result), _table(title, dates, result, fmt))
    chart.description = describe(dates, result, fmt, caption_detail)
    return chart.fit()
