"""Bar charts: horizontal bars, grouped bars, columns over time and stacked shares."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engineroom.web.charts.shapes import (
    BLUE,
    PALETTE,
    PLOT_WIDTH,
    ROW,
    Chart,
    Table,
    axis_name,
    label_room,
    line,
    nice_ticks,
    plain,
    rect,
    text,
    x_axis,
    y_axis,
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None when the number is suppressed or unknown: no bar, text only
    text: str
    fill: str = BLUE


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    *,
    axis_label: str,
    tick_format: Callable[[float], str] = plain,
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
        shapes.append(text(left - 6, y + 16, bar.label, anchor="end"))
        if bar.value is not None:
            start, end = sorted((scale(0), scale(bar.value)))
            shapes.append(
                rect(start, y + 3, end - start, ROW - 6, bar.fill, f"{bar.label}: {bar.text}")
            )
        shapes.append(text(max(scale(0), scale(bar.value or 0)) + 4, y + 16, bar.text))
    plot_bottom = len(bars) * ROW + 4
    shapes.append(line(scale(0), 0, scale(0), plot_bottom))
    shapes += x_axis(ticks, scale, plot_bottom, axis_label, tick_format)
    table = Table(title, table_header, [(b.label, b.text) for b in bars])
    return Chart(title, 0, 0, shapes, table=table).fit()


def grouped_bar_chart(
    title: str,
    rows: Sequence[tuple[str, Sequence[Bar]]],
    *,
    series: Sequence[tuple[str, str]],
    axis_label: str,
    tick_format: Callable[[float], str] = plain,
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
    tick_format: Callable[[float], str] = plain,
    reference: tuple[float, str] | None = None,
    table_header: Sequence[str] = ("", "Value"),
    category_label: str = "",
) -> Chart:
    """Vertical columns over time with a value axis on the left; ``reference`` is a dashed line,
    labelled at its right-hand end. ``category_label`` names the axis under the columns."""
    values = [b.value for b in bars if b.value is not None] + ([reference[0]] if reference else [])
    ticks = nice_ticks(min(values, default=0), max(values, default=1))
    height, left = 220, 90
    step = max(44.0, 520 / max(len(bars), 1))  # columns spread over a readable width
    right = left + len(bars) * step + 8

    def scale(v: float) -> float:
        return height * (ticks[-1] - v) / (ticks[-1] - ticks[0])

    shapes = y_axis(ticks, scale, left, axis_label, tick_format, grid_to=right)
    for i, bar in enumerate(bars):
        x = left + 8 + i * step
        if bar.value is not None:
            top, bottom = sorted((scale(0), scale(bar.value)))
            shapes.append(
                rect(x, top, step * 0.7, bottom - top, bar.fill, f"{bar.label}: {bar.text}")
            )
        shapes.append(text(x + step * 0.35, height + 18, bar.label, anchor="middle"))
    shapes.append(line(left, scale(0), right, scale(0)))
    if category_label:
        shapes.append(axis_name((left + right) / 2, height + 40, category_label))
    if reference:
        y = scale(reference[0])
        shapes.append(line(left, y, right, y, stroke=BLUE, width=2, dash="6 3"))
        shapes.append(text(right + 6, y + 4, reference[1], fill=BLUE))
    table = Table(title, table_header, [(b.label, b.text) for b in bars])
    legend = [(reference[1], BLUE)] if reference else []
    return Chart(title, 0, 0, shapes, legend, table).fit()


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
        shapes.append(text(left - 6, y + 16, label, anchor="end"))
        for share, name, fill, part in zip(shares, series, fills, texts[i], strict=True):
            width = PLOT_WIDTH * float(share)
            shapes.append(rect(x, y + 3, width, ROW - 6, fill, f"{label}, {name}: {part}"))
            x += width
    bottom = len(rows) * ROW + 4
    shapes += x_axis(
        [0, 0.25, 0.5, 0.75, 1],
        lambda v: left + PLOT_WIDTH * v,
        bottom,
        axis_label,
        lambda v: f"{v * 100:.0f}%",
    )
    table = Table(
        title, ("", *series), [(label, *t) for (label, _), t in zip(rows, texts, strict=True)]
    )
    legend = list(zip(series, fills, strict=True))
    return Chart(title, 0, 0, shapes, legend, table).fit()
