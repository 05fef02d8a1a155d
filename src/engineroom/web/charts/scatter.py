"""Charts of two measures: back-to-back population pyramids and scatter plots."""

from __future__ import annotations

from collections.abc import Sequence

from engineroom.web.charts.shapes import (
    BLUE,
    GREY,
    PALETTE,
    TICK_CLASS,
    Chart,
    Shape,
    Table,
    axis_name,
    line,
    nice_ticks,
    plain,
    rect,
    text,
    x_axis,
    y_axis,
)

BAND = 18  # row height of a pyramid's age band


def pyramid(
    title: str,
    rows: Sequence[tuple[str, float | None, float | None, str, str]],
    *,
    sides: tuple[str, str] = ("Men", "Women"),
    axis_label: str = "People",
) -> Chart:
    """Back-to-back bars by band, youngest at the bottom: rows are (band, left, right, texts)."""
    half, mid, gap = 170, 230, 34
    largest = max((v for r in rows for v in r[1:3] if v is not None), default=1) or 1
    ticks = nice_ticks(0, largest, 3)
    scale = half / ticks[-1]
    shapes = [
        text(mid - gap, -8, sides[0], anchor="end", weight="bold"),
        text(mid + gap, -8, sides[1], weight="bold"),
    ]
    for i, (band, left, right, left_text, right_text) in enumerate(reversed(rows)):
        y, lw, rw = i * BAND, (left or 0) * scale, (right or 0) * scale
        shapes += [
            text(mid, y + 13, band, anchor="middle"),
            rect(mid - gap - lw, y + 2, lw, BAND - 4, BLUE, f"{band}, {sides[0]}: {left_text}"),
            rect(mid + gap, y + 2, rw, BAND - 4, PALETTE[2], f"{band}, {sides[1]}: {right_text}"),
        ]
    bottom = len(rows) * BAND + 4
    for direction, start in ((-1, mid - gap), (1, mid + gap)):
        shapes.append(line(start, bottom, start + direction * half, bottom))
        for t in ticks:
            x = start + direction * t * scale
            shapes += [
                line(x, bottom, x, bottom + 5, css=TICK_CLASS),
                text(x, bottom + 19, plain(t), anchor="middle"),
            ]
    shapes.append(axis_name(mid, bottom + 38, axis_label))
    legend = [(sides[0], BLUE), (sides[1], PALETTE[2])]
    table = Table(title, ("Age band", *sides), [(r[0], r[3], r[4]) for r in rows])
    return Chart(title, 0, 0, shapes, legend, table).fit()


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
    size, left = 240, 60
    top = max([max(x, y) for x, y, _ in points] + [0.01])
    ticks = nice_ticks(0, top, 4)

    def sx(v):
        return left + size * v / ticks[-1]

    def sy(v):
        return size * (1 - v / ticks[-1])

    shapes = x_axis(ticks, sx, size, x_label, lambda v: f"{v:g}")
    shapes += y_axis(ticks, sy, left, y_label, lambda v: f"{v:g}")
    if diagonal:
        shapes.append(line(sx(0), sy(0), sx(ticks[-1]), sy(ticks[-1]), stroke=GREY, dash="4 3"))
    for x, y, tip in points:
        shapes.append(
            Shape(
                "circle",
                {"cx": round(sx(x), 1), "cy": round(sy(y), 1), "r": 4, "fill": BLUE},
                tip=tip,
            )
        )
    table = Table(title, table_header, [(f"{x:.3f}", f"{y:.3f}") for x, y, _ in points])
    return Chart(title, 0, 0, shapes, table=table).fit()
