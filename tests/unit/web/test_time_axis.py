"""The month axis of charts over time: every tick has its month, and the year is written under the
first tick and wherever the year changes, even when the ticks step over January."""

from __future__ import annotations

import datetime as dt

from engineroom.web.charts.shapes import TICK_CLASS
from engineroom.web.charts.time_axis import date_axis, date_scale, month_ticks

TICK_ROW, YEAR_ROW = 19, 34  # below the axis line: month names, then years


def _labels(start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    """(month, year or '') for each tick, read back from the drawn text by its x position."""
    shapes = date_axis(start, end, date_scale(start, end, 0, 600), 100, "Month")
    rows: dict[int, dict[float, str]] = {TICK_ROW: {}, YEAR_ROW: {}}
    for s in shapes:
        if s.kind == "text" and s.attrs["y"] - 100 in rows:
            rows[s.attrs["y"] - 100][s.attrs["x"]] = s.text
    assert sum(s.attrs.get("class") == TICK_CLASS for s in shapes) == len(rows[TICK_ROW])
    return [(month, rows[YEAR_ROW].get(x, "")) for x, month in sorted(rows[TICK_ROW].items())]


def test_the_year_goes_under_the_first_tick_of_each_year_when_ticks_skip_january():
    start, end = dt.date(2021, 11, 1), dt.date(2026, 11, 1)  # 60 months: a tick every 5
    assert dt.date(2022, 1, 1) not in month_ticks(start, end)
    assert _labels(start, end) == [
        ("Nov", "2021"),
        ("Apr", "2022"),
        ("Sep", ""),
        ("Feb", "2023"),
        ("Jul", ""),
        ("Dec", ""),
        ("May", "2024"),
        ("Oct", ""),
        ("Mar", "2025"),
        ("Aug", ""),
        ("Jan", "2026"),
        ("Jun", ""),
        ("Nov", ""),
    ]


def test_monthly_ticks_label_the_year_at_the_start_and_each_january():
    labels = _labels(dt.date(2025, 10, 1), dt.date(2026, 3, 1))
    assert labels == [
        ("Oct", "2025"),
        ("Nov", ""),
        ("Dec", ""),
        ("Jan", "2026"),
        ("Feb", ""),
        ("Mar", ""),
    ]
