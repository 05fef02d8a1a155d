"""The one charts module: every server-side SVG chart, with axes, ticks, units, legend and title.

A builder turns numbers into a ``Chart`` of plain shapes; ``web/_chart.html`` draws any chart,
followed by a table of the same numbers (``chart.table``) so nobody has to read values off bars.
Values arrive as numbers; the caller passes the text to show for each (from ``web.formatting``).
Diagrams that are not charts (a structure tree, a dependency map) use ``diagram`` with their own
layout, and are drawn by the same template.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

BLUE, GREEN, RED, GREY = "#005eb8", "#007f3b", "#d5281b", "#425563"
PALETTE = ("#005eb8", "#007f3b", "#330072", "#ffb81c", "#8a1538", "#00a499", "#425563", "#d5281b")
LABEL_WIDTH = 170  # least room left of the plot for category labels
CHAR_WIDTH = 6.2  # average width of a character at the chart font size, for fitting labels
PLOT_WIDTH = 360
ROW = 22
FONT = 11


@dataclass(frozen=True)
class Shape:
    """One SVG element: ``kind`` is rect, line, text or circle; ``tip`` becomes its <title>."""

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


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None when the number is suppressed or unknown: no bar, text only
    text: str
    fill: str = BLUE


def label_room(labels) -> float:
    """Room left of the plot so that the longest category label fits."""
    longest = max((len(str(label)) for label in labels), default=0)
    return max(LABEL_WIDTH, round(longest * CHAR_WIDTH + 12))


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


def _text(x, y, text, *, anchor="start", size=FONT, weight="normal", fill="#212b32") -> Shape:
    attrs = {"x": round(x, 1), "y": round(y, 1), "font-size": size, "text-anchor": anchor}
    if weight != "normal":
        attrs["font-weight"] = weight
    attrs["fill"] = fill
    return Shape("text", attrs, text=text)


def _line(x1, y1, x2, y2, *, stroke=GREY, width=1, dash="") -> Shape:
    attrs = {"x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1)}
    attrs.update({"stroke": stroke, "stroke-width": width})
    if dash:
        attrs["stroke-dasharray"] = dash
    return Shape("line", attrs)


def _rect(x, y, w, h, fill, tip="") -> Shape:
    attrs = {"x": round(x, 1), "y": round(y, 1), "width": round(max(w, 0), 1)}
    attrs.update({"height": round(h, 1), "fill": fill})
    return Shape("rect", attrs, tip=tip)


def _x_axis(ticks, scale, y, label, fmt) -> list[Shape]:
    shapes = [_line(scale(ticks[0]), y, scale(ticks[-1]), y)]
    for t in ticks:
        shapes += [
            _line(scale(t), y, scale(t), y + 4),
            _text(scale(t), y + 16, fmt(t), anchor="middle"),
        ]
    shapes.append(_text((scale(ticks[0]) + scale(ticks[-1])) / 2, y + 32, label, anchor="middle"))
    return shapes


def _plain(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2g}"


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    *,
    axis_label: str,
    tick_format: Callable[[float], str] = _plain,
    table_header: Sequence[str] = ("", "Value"),
) -> Chart:
    """Horizontal bars with a value axis (ticks and unit) underneath; negatives go left of zero."""
    values = [b.value for b in bars if b.value is not None]
    ticks = nice_ticks(min(values, default=0), max(values, default=1))
    span = ticks[-1] - ticks[0]
    left = label_room(b.label for b in bars)

    def scale(v: float) -> float:
        return left + PLOT_WIDTH * (v - ticks[0]) / span

    shapes = []
    for i, bar in enumerate(bars):
        y = i * ROW
        shapes.append(_text(left - 6, y + 15, bar.label, anchor="end"))
        if bar.value is not None:
            start, end = sorted((scale(0), scale(bar.value)))
            shapes.append(
                _rect(start, y + 2, end - start, ROW - 4, bar.fill, f"{bar.label}: {bar.text}")
            )
        shapes.append(_text(max(scale(0), scale(bar.value or 0)) + 4, y + 15, bar.text))
    plot_bottom = len(bars) * ROW + 4
    shapes.append(_line(scale(0), 0, scale(0), plot_bottom))
    shapes += _x_axis(ticks, scale, plot_bottom, axis_label, tick_format)
    table = Table(title, table_header, [(b.label, b.text) for b in bars])
    return Chart(title, left + PLOT_WIDTH + 90, plot_bottom + 40, shapes, table=table)


def grouped_bar_chart(
    title: str,
    rows: Sequence[tuple[str, Sequence[Bar]]],
    *,
    series: Sequence[tuple[str, str]],
    axis_label: str,
    tick_format: Callable[[float], str] = _plain,
) -> Chart:
    """Several bars per category (``series`` is [(name, fill)]), with a legend."""
    flat = [
        Bar(f"{label} – {name}", b.value, b.text, fill)
        for label, group in rows
        for b, (name, fill) in zip(group, series, strict=True)
    ]
    chart = bar_chart(title, flat, axis_label=axis_label, tick_format=tick_format)
    chart.legend = list(series)
    header = ("", *(name for name, _ in series))
    chart.table = Table(title, header, [(label, *(b.text for b in g)) for label, g in rows])
    return chart


def column_chart(
    title: str,
    bars: Sequence[Bar],
    *,
    axis_label: str,
    tick_format: Callable[[float], str] = _plain,
    reference: tuple[float, str] | None = None,
    table_header: Sequence[str] = ("", "Value"),
) -> Chart:
    """Vertical columns over time with a value axis on the left; ``reference`` is a dashed line."""
    values = [b.value for b in bars if b.value is not None] + ([reference[0]] if reference else [])
    ticks = nice_ticks(min(values, default=0), max(values, default=1))
    height, left = 220, 80
    step = max(34.0, 520 / max(len(bars), 1))  # columns spread over a readable width
    width = len(bars) * step + 8

    def scale(v: float) -> float:
        return height * (ticks[-1] - v) / (ticks[-1] - ticks[0])

    shapes = [_line(left, scale(ticks[0]), left, scale(ticks[-1]))]
    for t in ticks:
        shapes += [
            _line(left - 4, scale(t), left, scale(t)),
            _text(left - 6, scale(t) + 4, tick_format(t), anchor="end"),
        ]
    shapes.append(_text(12, height / 2, axis_label, anchor="middle", size=10))
    for i, bar in enumerate(bars):
        x = left + 8 + i * step
        if bar.value is not None:
            top, bottom = sorted((scale(0), scale(bar.value)))
            shapes.append(
                _rect(x, top, step * 0.7, bottom - top, bar.fill, f"{bar.label}: {bar.text}")
            )
        shapes.append(_text(x + step * 0.35, height + 16, bar.label, anchor="middle", size=10))
    shapes.append(_line(left, scale(0), left + width, scale(0)))
    if reference:
        shapes.append(
            _line(
                left,
                scale(reference[0]),
                left + width,
                scale(reference[0]),
                stroke=BLUE,
                width=2,
                dash="6 3",
            )
        )
    table = Table(title, table_header, [(b.label, b.text) for b in bars])
    legend = [(reference[1], BLUE)] if reference else []
    return Chart(title, left + width + 10, height + 30, shapes, legend, table, y0=-10)


def stacked_bar_chart(
    title: str,
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    series: Sequence[str],
    texts: Sequence[Sequence[str]],
    axis_label: str = "Share (%)",
) -> Chart:
    """One bar per row split into shares of 100%; a legend names each part by colour."""
    fills = [PALETTE[i % len(PALETTE)] for i in range(len(series))]
    shapes = []
    left = label_room(label for label, _ in rows)
    for i, (label, shares) in enumerate(rows):
        y, x = i * ROW, float(left)
        shapes.append(_text(left - 6, y + 15, label, anchor="end"))
        for share, name, fill, text in zip(shares, series, fills, texts[i], strict=True):
            width = PLOT_WIDTH * float(share)
            shapes.append(_rect(x, y + 2, width, ROW - 4, fill, f"{label}, {name}: {text}"))
            x += width
    bottom = len(rows) * ROW + 4
    shapes += _x_axis(
        [0, 0.25, 0.5, 0.75, 1],
        lambda v: left + PLOT_WIDTH * v,
        bottom,
        axis_label,
        lambda v: f"{v * 100:.0f}",
    )
    table = Table(
        title, ("", *series), [(label, *t) for (label, _), t in zip(rows, texts, strict=True)]
    )
    return Chart(
        title,
        left + PLOT_WIDTH + 20,
        bottom + 40,
        shapes,
        list(zip(series, fills, strict=True)),
        table,
    )


def pyramid(
    title: str,
    rows: Sequence[tuple[str, float | None, float | None, str, str]],
    *,
    sides: tuple[str, str] = ("Men", "Women"),
    axis_label: str = "People",
) -> Chart:
    """Back-to-back bars by band, youngest at the bottom: rows are (band, left, right, texts)."""
    half, mid = 170, 230
    largest = max((v for r in rows for v in r[1:3] if v is not None), default=1) or 1
    ticks = nice_ticks(0, largest, 3)
    scale = half / ticks[-1]
    shapes = []
    for i, (band, left, right, left_text, right_text) in enumerate(reversed(rows)):
        y = i * 14
        shapes.append(_text(mid, y + 11, band, anchor="middle", size=9))
        shapes.append(
            _rect(
                mid - 28 - (left or 0) * scale,
                y + 1,
                (left or 0) * scale,
                12,
                BLUE,
                f"{band}, {sides[0]}: {left_text}",
            )
        )
        shapes.append(
            _rect(
                mid + 28,
                y + 1,
                (right or 0) * scale,
                12,
                PALETTE[2],
                f"{band}, {sides[1]}: {right_text}",
            )
        )
    bottom = len(rows) * 14 + 4
    for direction, start in ((-1, mid - 28), (1, mid + 28)):
        shapes.append(_line(start, bottom, start + direction * half, bottom))
        for t in ticks:
            x = start + direction * t * scale
            shapes += [
                _line(x, bottom, x, bottom + 4),
                _text(x, bottom + 15, _plain(t), anchor="middle", size=9),
            ]
    shapes.append(_text(mid, bottom + 30, axis_label, anchor="middle"))
    legend = [(sides[0], BLUE), (sides[1], PALETTE[2])]
    table = Table(title, ("Age band", *sides), [(r[0], r[3], r[4]) for r in rows])
    return Chart(title, 2 * mid, bottom + 36, shapes, legend, table)


def scatter_chart(
    title: str,
    points: Sequence[tuple[float, float, str]],
    *,
    x_label: str,
    y_label: str,
    diagonal: bool = True,
    table_header: Sequence[str] = ("x", "y"),
) -> Chart:
    """Points on 0..1 axes (for example predicted against observed risk), with the y = x line."""
    size, left = 220, 50
    top = max([max(x, y) for x, y, _ in points] + [0.01])
    ticks = nice_ticks(0, top, 4)

    def sx(v):
        return left + size * v / ticks[-1]

    def sy(v):
        return size * (1 - v / ticks[-1])

    shapes = _x_axis(ticks, sx, size, x_label, lambda v: f"{v:g}")
    shapes.append(_line(left, 0, left, size))
    for t in ticks:
        shapes += [
            _line(left - 4, sy(t), left, sy(t)),
            _text(left - 6, sy(t) + 4, f"{t:g}", anchor="end", size=9),
        ]
    shapes.append(_text(10, size / 2, y_label, anchor="middle", size=10))
    if diagonal:
        shapes.append(_line(sx(0), sy(0), sx(ticks[-1]), sy(ticks[-1]), stroke=GREY, dash="4 3"))
    for x, y, text in points:
        shapes.append(
            Shape(
                "circle",
                {"cx": round(sx(x), 1), "cy": round(sy(y), 1), "r": 4, "fill": BLUE},
                tip=text,
            )
        )
    table = Table(title, table_header, [(f"{x:.3f}", f"{y:.3f}") for x, y, _ in points])
    # Room for the y-axis label left of zero and the x-axis label below the ticks.
    return Chart(title, left + size + 45, size + 50, shapes, table=table, x0=-25, y0=-10)


def diagram(
    title: str,
    width: float,
    height: float,
    shapes: list[Shape],
    *,
    table: Table | None = None,
    description: str = "",
) -> Chart:
    """A drawing with its own layout (a structure tree, a dependency map).

    A shape with ``href`` is a link named by its ``tip``; ``description`` says in words what the
    drawing shows.
    """
    interactive = any(s.href for s in shapes)
    return Chart(
        title, width, height, shapes, table=table, interactive=interactive, description=description
    )


shape = Shape
text = _text
line = _line
rect = _rect
