"""Timelines (milestones, decisions, pieces of work) and line charts over time."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from engineroom.web import charts

TODAY = dt.date(2026, 3, 10)


def _texts(chart) -> list[str]:
    return [s.text for s in chart.shapes if s.kind == "text"]


def _inside(chart) -> bool:
    x1, y1 = chart.x0, chart.y0
    x2, y2 = x1 + chart.width, y1 + chart.height
    return all(
        x1 <= b[0] and y1 <= b[1] and b[2] <= x2 and b[3] <= y2
        for b in map(charts.bounds, chart.shapes)
    )


def _timeline():
    rows = [
        charts.TimelineRow("Business case approved", dt.date(2026, 1, 20), "Complete"),
        charts.TimelineRow(
            "Build the discharge hub",
            dt.date(2026, 6, 30),
            "At risk",
            start=dt.date(2026, 2, 1),
            href="/programmes/hub/",
        ),
        charts.TimelineRow("Board decision on capital", dt.date(2026, 2, 28), "Late"),
        charts.TimelineRow("Evaluation", dt.date(2026, 11, 1), "Not started"),
    ]
    return charts.timeline_chart("Milestones", rows, today=TODAY)


def test_a_timeline_has_a_month_axis_a_today_line_and_a_row_per_item():
    chart = _timeline()
    texts = _texts(chart)
    assert texts.count("Jan") == 1 and "Nov" in texts and "2026" in texts
    assert "Today (10 Mar 2026)" in texts
    assert {"Complete", "At risk", "Late", "Not started"} <= set(texts)
    ticks = [s for s in chart.shapes if s.attrs.get("class") == charts.TICK_CLASS]
    assert len(ticks) == 12  # January 2026 to December 2026
    assert _inside(chart)
    assert chart.table.header == ("Item", "Start", "Date", "Status")
    assert chart.table.rows[1] == (
        "Build the discharge hub",
        "1 Feb 2026",
        "30 Jun 2026",
        "At risk",
    )
    assert chart.table.rows[0][1] == "–"


def test_status_is_shown_by_shape_as_well_as_words():
    chart = _timeline()
    marks = {s.tip.split(": ")[1].split(",")[0]: s for s in chart.shapes if ", " in s.tip}
    shapes = {
        status: (m.kind, m.attrs["d"].count("L") if m.kind == "path" else 0, m.attrs["fill"])
        for status, m in marks.items()
    }
    # Four statuses, four shapes (a hollow shape is white inside, whatever the colour).
    assert len({(kind, corners, fill == "#ffffff") for kind, corners, fill in shapes.values()}) == 4
    # A bar runs from the start to the end of a piece of work.
    (bar,) = [s for s in chart.shapes if s.kind == "rect" and s.tip]
    assert bar.tip == "Build the discharge hub: 1 Feb 2026 to 30 Jun 2026"


def test_a_timeline_item_with_a_page_is_a_link_and_the_chart_a_group():
    chart = _timeline()
    assert chart.interactive
    html = render_to_string("web/_chart.html", {"chart": chart, "id": "ms"})
    assert '<a href="/programmes/hub/" aria-label="Build the discharge hub">' in html
    assert 'role="group"' in html and 'id="ms-table"' in html


def _line():
    months = [dt.date(2025, m, 1) for m in (4, 5, 6, 7)]
    return charts.line_chart(
        "Benefits realised",
        [
            charts.Series("Planned", list(zip(months, [10, 20, 30, 40], strict=True)), dashed=True),
            charts.Series("Actual", list(zip(months, [8, 15, None, 33], strict=True))),
        ],
        axis_label="Bed days saved",
        target=(45, "Target: 45 bed days"),
    )


def test_a_line_chart_has_both_axes_a_marker_per_known_point_and_a_table():
    chart = _line()
    texts = _texts(chart)
    assert {"Apr", "May", "Jun", "Jul", "2025", "Bed days saved", "Month"} <= set(texts)
    assert {"0", "10", "20", "30", "40", "50"} <= set(texts)  # value ticks
    markers = [s for s in chart.shapes if s.tip.startswith(("Planned", "Actual"))]
    assert len(markers) == 7 and "Actual, 1 Jul 2025: 33" in {m.tip for m in markers}
    assert chart.table.header == ("Date", "Planned", "Actual")
    assert chart.table.rows[2] == ("1 Jun 2025", "30", "–")
    assert chart.legend[0][0] == "Planned (dashed line)"
    assert _inside(chart)


def test_a_missing_value_breaks_the_line_and_planned_is_dashed():
    chart = _line()
    paths = [s for s in chart.shapes if s.kind == "path" and s.attrs.get("fill") == "none"]
    dashed = [p for p in paths if p.attrs.get("stroke-dasharray")]
    assert len(dashed) == 1 and len(paths) == 3  # planned whole, actual in two runs
    assert any(s.kind == "line" and s.attrs.get("stroke-dasharray") == "2 3" for s in chart.shapes)
    assert "Target: 45 bed days" in _texts(chart)


def test_a_line_chart_with_no_points_still_draws_its_axes():
    chart = charts.line_chart("Nothing yet", [charts.Series("Actual", [])], axis_label="£")
    assert "£" in _texts(chart) and chart.table.rows == []
    assert _inside(chart)
