"""Timelines: milestones and decisions as points, pieces of work as bars, against a month axis.

Status is shown by the marker's shape and by its words in a column beside the plot, never by
colour alone; a dashed line marks today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from engineroom.web import formatting
from engineroom.web.charts.shapes import (
    BLUE,
    GREEN,
    GREY,
    INK,
    RED,
    Chart,
    Shape,
    Table,
    label_room,
    line,
    text,
    text_width,
)
from engineroom.web.charts.time_axis import date_axis, date_scale, marker, month_grid, month_span

TIMELINE_WIDTH, TIMELINE_ROW = 480, 30
# Status words (lower case) -> the marker's shape and colour; anything else is a grey diamond.
STATUS_MARKS = {
    "complete": ("circle", GREEN),
    "completed": ("circle", GREEN),
    "done": ("circle", GREEN),
    "decided": ("circle", GREEN),
    "on track": ("open-circle", BLUE),
    "at risk": ("triangle", "#ffb81c"),
    "late": ("square", RED),
    "overdue": ("square", RED),
    "not started": ("open-square", GREY),
}


@dataclass(frozen=True)
class TimelineRow:
    label: str
    end: dt.date  # due or decision date (a milestone is a point; with start, a bar)
    status: str  # the words shown, e.g. "Complete", "On track", "At risk", "Late", "Not started"
    start: dt.date | None = None
    href: str = ""


def _when(row: TimelineRow) -> str:
    if row.start:
        return f"{formatting.date_short(row.start)} to {formatting.date_short(row.end)}"
    return formatting.date_short(row.end)


def _row_shapes(row: TimelineRow, y: float, scale, left: float) -> list[Shape]:
    label = text(left - 8, y + 4, row.label, anchor="end")
    if row.href:
        label = Shape("text", label.attrs, row.label, tip=row.label, href=row.href)
    shapes = [label]
    if row.start:
        x0, x1 = sorted((scale(row.start), scale(row.end)))
        attrs = {"x": round(x0, 1), "y": y - 5, "width": round(x1 - x0, 1), "height": 10}
        attrs.update({"fill": "#c8dcf0", "stroke": BLUE})
        shapes.append(Shape("rect", attrs, tip=f"{row.label}: {_when(row)}"))
    kind, fill = STATUS_MARKS.get(row.status.strip().lower(), ("diamond", GREY))
    tip = f"{row.label}: {row.status}, {_when(row)}"
    shapes.append(marker(kind, scale(row.end), y, fill, tip))
    shapes.append(text(left + TIMELINE_WIDTH + 16, y + 4, row.status))
    return shapes


def _today_label(x: float, today: dt.date, status_x: float) -> Shape:
    """'Today (10 Mar 2026)' centred over the line, or ending at it if it would reach 'Status'."""
    words = f"Today ({formatting.date_short(today)})"
    anchor = "end" if x + text_width(words) / 2 > status_x - 8 else "middle"
    return text(x, -10, words, anchor=anchor)


def timeline_chart(title: str, rows: Sequence[TimelineRow], *, today: dt.date) -> Chart:
    """One row per item: a bar from start to end or a point at its date, its status in words."""
    start, end = month_span([today, *(r.end for r in rows), *(r.start for r in rows if r.start)])
    left = label_room(r.label for r in rows)
    scale = date_scale(start, end, left, TIMELINE_WIDTH)
    bottom = len(rows) * TIMELINE_ROW
    shapes = month_grid(start, end, scale, 0, bottom)
    status_x = left + TIMELINE_WIDTH + 16
    shapes.append(text(status_x, -10, "Status", weight="bold"))
    for i, row in enumerate(rows):
        shapes += _row_shapes(row, i * TIMELINE_ROW + TIMELINE_ROW / 2, scale, left)
    shapes += [
        line(scale(today), -4, scale(today), bottom, stroke=INK, width=2, dash="5 3"),
        _today_label(scale(today), today, status_x),
    ]
    shapes += date_axis(start, end, scale, bottom, "Month")
    spans = any(r.start for r in rows)
    header = ("Item", "Start", "Date", "Status") if spans else ("Item", "Date", "Status")
    table_rows = [
        (
            r.label,
            *([formatting.date_short(r.start)] if spans else []),
            formatting.date_short(r.end),
            r.status,
        )
        for r in rows
    ]
    interactive = any(r.href for r in rows)
    chart = Chart(title, 0, 0, shapes, table=Table(title, header, table_rows))
    chart.interactive = interactive
    return chart.fit()
