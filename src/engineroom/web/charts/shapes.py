"""The parts every chart is made of: shapes, the chart and its table, ticks and axes.

Every builder ends with ``Chart.fit()``, which sizes the viewBox to the shapes' extent (text by an
estimate of its width), so nothing a builder draws is clipped. Text is at least ``FONT`` px at the
chart's natural size, which is the size the page draws it at unless the screen is narrower.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

BLUE, GREEN, RED, GREY = "#005eb8", "#007f3b", "#d5281b", "#425563"
INK = "#212b32"
PALETTE = ("#005eb8", "#007f3b", "#330072", "#ffb81c", "#8a1538", "#00a499", "#425563", "#d5281b")
FONT = 12  # the least font size, in px at natural size
CHAR_WIDTH = 0.6 * FONT  # a generous average character width, for fitting labels
LABEL_WIDTH = 170  # least room left of the plot for category labels
PLOT_WIDTH = 360
ROW = 24
PAD = 4  # room around the drawing inside the viewBox
TICK_CLASS, AXIS_LABEL_CLASS = "er-chart__tick", "er-chart__axis-label"


@dataclass(frozen=True)
class Shape:
    """One SVG element: ``kind`` is rect, line, text, circle or path; ``tip`` becomes its <title>."""

    kind: str
    attrs: dict
    text: str = ""
    tip: str = ""
    href: str = ""


@dataclass(frozen=True)
class Table:
    caption: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass
class Chart:
    title: str
    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (label, fill)
    table: Table | None = None
    x0: float = 0  # viewBox origin
    y0: float = 0
    interactive: bool = False  # links inside: the SVG is a group, not an image
    description: str = ""  # a longer text alternative, drawn as the SVG's <desc>

    @property
    def view_box(self) -> str:
        return f"{self.x0} {self.y0} {self.width} {self.height}"

    def fit(self) -> Chart:
        """Make the viewBox the extent of the shapes, with ``PAD`` around; returns the chart."""
        boxes = [bounds(s) for s in self.shapes] or [(0.0, 0.0, 1.0, 1.0)]
        left, top = min(b[0] for b in boxes) - PAD, min(b[1] for b in boxes) - PAD
        right, bottom = max(b[2] for b in boxes) + PAD, max(b[3] for b in boxes) + PAD
        self.x0, self.y0 = math.floor(left), math.floor(top)
        self.width, self.height = math.ceil(right) - self.x0, math.ceil(bottom) - self.y0
        return self


def text_width(text: str, size: float = FONT, *, bold: bool = False) -> float:
    """An estimate of ``text``'s width in px, erring wide (Arial's proportions plus a margin)."""
    em = 0.0
    for ch in str(text):
        if ch in " ijlI.,:;'|!()[]":
            em += 0.3
        elif ch in "mwMW%…—":
            em += 0.92
        elif ch.isupper() or ch in "£–":
            em += 0.7
        else:
            em += 0.58
    return em * size * (1.08 if bold else 1.0) * 1.05


_TOKENS = re.compile(r"[MLHVZmlhvz]|-?\d*\.?\d+(?:e-?\d+)?")


def _path_points(d: str) -> list[tuple[float, float]]:
    """The corners of a path of absolute M, L, H, V and Z commands."""
    points, x, y, command, numbers = [], 0.0, 0.0, "M", []
    for token in _TOKENS.findall(d):
        if token.isalpha():
            command, numbers = token.upper(), []
            continue
        numbers.append(float(token))
        if command in "ML" and len(numbers) == 2:
            (x, y), numbers = numbers, []
        elif command == "H":
            x, numbers = numbers[0], []
        elif command == "V":
            y, numbers = numbers[0], []
        else:
            continue
        points.append((x, y))
    return points


def bounds(shape: Shape) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a shape, text by its estimated width and its font's height."""
    a = shape.attrs
    if shape.kind == "rect":
        return a["x"], a["y"], a["x"] + a["width"], a["y"] + a["height"]
    if shape.kind == "line":
        return (
            min(a["x1"], a["x2"]),
            min(a["y1"], a["y2"]),
            max(a["x1"], a["x2"]),
            max(a["y1"], a["y2"]),
        )
    if shape.kind == "circle":
        return a["cx"] - a["r"], a["cy"] - a["r"], a["cx"] + a["r"], a["cy"] + a["r"]
    if shape.kind == "path":
        points = _path_points(a["d"])
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs), min(ys), max(xs), max(ys)
    size = float(a.get("font-size", FONT))
    width = text_width(shape.text, size, bold=a.get("font-weight") == "bold")
    left = a["x"] - {"start": 0, "middle": width / 2, "end": width}[a.get("text-anchor", "start")]
    return left, a["y"] - size, left + width, a["y"] + size * 0.3


def label_room(labels) -> float:
    """Room left of the plot so that the longest category label fits."""
    longest = max((max(len(str(x)) * CHAR_WIDTH, text_width(x)) for x in labels), default=0)
    return max(LABEL_WIDTH, round(longest + 12))


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high`` (1, 2, 2.5 or 5 times a power of ten)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(math.ceil((high - first) / step) + 1)]


def text(x, y, text, *, anchor="start", size=FONT, weight="normal", fill=INK) -> Shape:
    attrs = {"x": round(x, 1), "y": round(y, 1), "font-size": size, "text-anchor": anchor}
    if weight != "normal":
        attrs["font-weight"] = weight
    attrs["fill"] = fill
    return Shape("text", attrs, text=text)


def line(x1, y1, x2, y2, *, stroke=GREY, width=1, dash="", css="") -> Shape:
    attrs = {"x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1)}
    attrs.update({"stroke": stroke, "stroke-width": width})
    if dash:
        attrs["stroke-dasharray"] = dash
    if css:
        attrs["class"] = css
    return Shape("line", attrs)


def rect(x, y, w, h, fill, tip="") -> Shape:
    attrs = {"x": round(x, 1), "y": round(y, 1), "width": round(max(w, 0), 1)}
    attrs.update({"height": round(h, 1), "fill": fill})
    return Shape("rect", attrs, tip=tip)


def axis_name(x, y, label, *, anchor="middle") -> Shape:
    """The axis's name and unit, e.g. 'Share of funding (%)'."""
    shape = text(x, y, label, anchor=anchor, weight="bold")
    return Shape("text", {**shape.attrs, "class": AXIS_LABEL_CLASS}, text=label)


def x_axis(ticks, scale, y, label, fmt) -> list[Shape]:
    """A horizontal axis at ``y``: line, tick marks, tick labels and the axis label under them."""
    shapes = [line(scale(ticks[0]), y, scale(ticks[-1]), y)]
    for t in ticks:
        shapes += [
            line(scale(t), y, scale(t), y + 5, css=TICK_CLASS),
            text(scale(t), y + 19, fmt(t), anchor="middle"),
        ]
    middle = (scale(ticks[0]) + scale(ticks[-1])) / 2
    return [*shapes, axis_name(middle, y + 38, label)]


def y_axis(ticks, scale, x, label, fmt, *, grid_to: float | None = None) -> list[Shape]:
    """A vertical axis at ``x``: tick marks and labels left of it, the axis label above it.

    ``grid_to`` draws a faint grid line across the plot at each tick, as far as that x.
    """
    shapes = [line(x, scale(ticks[0]), x, scale(ticks[-1]))]
    for t in ticks:
        if grid_to is not None:
            shapes.append(line(x, scale(t), grid_to, scale(t), stroke="#d8dde0"))
        shapes += [
            line(x - 5, scale(t), x, scale(t), css=TICK_CLASS),
            text(x - 8, scale(t) + 4, fmt(t), anchor="end"),
        ]
    return [*shapes, axis_name(x - 8, scale(ticks[-1]) - 14, label, anchor="start")]


def plain(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2g}"
