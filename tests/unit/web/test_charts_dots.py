"""Dot plots (``web.charts.dots``): the love plot and the forest plot of an evaluation, held to
the charts guard's rules (nothing clipped, no overlapping text, named axis with ticks, a table)."""

from __future__ import annotations

import math

import pytest

from engineroom.web import charts
from engineroom.web.charts.dots import DotRow, dot_chart

LONG = "Emergency bed days in the year before the start"


def love():
    rows = [
        DotRow(LONG, (0.42, 0.03), ("0.420", "0.030")),
        DotRow("Age", (0.05, None), ("0.050", "–")),
    ]
    return dot_chart(
        "Love plot",
        rows,
        series=("Before", "After"),
        x_label="Absolute SMD",
        reference=0.1,
        reference_label="Target 0.1",
    )


def forest():
    rows = [
        DotRow("A&E attendances", (None, 0.71), ("0.71", "0.60 to 0.84"), 0.6, 0.84),
        DotRow(LONG, (None, 1.3), ("1.30", "0.40 to 4.20"), 0.4, 4.2),
    ]
    return dot_chart(
        "Forest plot",
        rows,
        series=("", "Rate ratio"),
        x_label="Rate ratio (log scale)",
        reference=1.0,
        reference_label="No difference (1)",
        log=True,
    )


def _inside(chart) -> bool:
    x2, y2 = chart.x0 + chart.width, chart.y0 + chart.height
    boxes = [charts.bounds(s) for s in chart.shapes]
    return all(chart.x0 <= b[0] and chart.y0 <= b[1] and b[2] <= x2 and b[3] <= y2 for b in boxes)


def _overlaps(chart) -> list:
    texts = [(s.text, charts.bounds(s)) for s in chart.shapes if s.kind == "text"]
    return [
        (a, b)
        for i, (a, p) in enumerate(texts)
        for b, q in texts[i + 1 :]
        if p[0] < q[2] - 1 and q[0] < p[2] - 1 and p[1] < q[3] - 1 and q[1] < p[3] - 1
    ]


@pytest.mark.parametrize("build", [love, forest], ids=["love", "forest"])
def test_dot_charts_keep_the_charts_rules(build):
    chart = build()
    assert _inside(chart) and not _overlaps(chart)
    classes = [s.attrs.get("class") for s in chart.shapes]
    assert classes.count(charts.TICK_CLASS) >= 2 and charts.AXIS_LABEL_CLASS in classes
    assert min(float(s.attrs["font-size"]) for s in chart.shapes if s.kind == "text") >= 12
    assert chart.table is not None and len(chart.table.rows) == 2


def _x_of(chart, value_text: str) -> float:
    return next(s.attrs["x"] for s in chart.shapes if s.kind == "text" and s.text == value_text)


def test_the_forest_plot_is_on_a_log_scale_with_the_line_of_no_effect_at_one():
    chart = forest()
    ticks = [s.text for s in chart.shapes if s.kind == "text" and s.text in ("0.3", "1", "3")]
    assert ticks == ["0.3", "1", "3"]
    # log scale: 0.3 -> 1 and 1 -> 3 are nearly the same distance
    left, mid, right = (_x_of(chart, t) for t in ("0.3", "1", "3"))
    assert math.isclose(mid - left, right - mid, rel_tol=0.1)
    dashed = [s for s in chart.shapes if s.kind == "line" and s.attrs.get("stroke") == charts.RED]
    assert len(dashed) == 1 and dashed[0].attrs["x1"] == pytest.approx(mid, abs=0.2)


def test_a_missing_value_draws_no_marker_and_intervals_are_lines():
    chart = love()
    markers = [s for s in chart.shapes if s.kind == "circle"]
    assert len(markers) == 3  # the second row has no "after" value
    assert any(s.tip == "Age, Before: 0.05" for s in markers)
    intervals = [s for s in forest().shapes if s.kind == "line" and s.tip]
    assert [s.tip for s in intervals] == ["A&E attendances: 0.6 to 0.84", f"{LONG}: 0.4 to 4.2"]
