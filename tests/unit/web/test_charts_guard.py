"""Every kind of chart, built from representative numbers: nothing drawn outside the viewBox, no
labels on top of each other, no text under 12 px at natural size, and every chart that is not a
diagram has axis ticks and a named axis."""

from __future__ import annotations

import datetime as dt

import pytest

from engineroom.population.spc import SpcOptions, xmr
from engineroom.web import charts, periods

LONG = "Non-recurrent transformation funding from the national programme"


def _bars():
    return [
        charts.Bar(LONG, 1_250_000, "£1,250,000"),
        charts.Bar("Deficit", -400_000, "(£400,000)", charts.RED),
        charts.Bar("Suppressed", None, "*"),
    ]


def _months(values):
    return [(dt.date(2025, 4, 1) + dt.timedelta(days=31 * i), v) for i, v in enumerate(values)]


BUILDERS = {
    "spc": lambda: charts.spc_chart(
        "Seen within 4 hours",
        [periods.add_months(dt.date(2021, 11, 1), i) for i in range(60)],
        xmr(
            [75 + (i * 7) % 5 - (6 if i > 52 else 0) for i in range(60)],
            target=95.0,
            options=SpcOptions(improvement="increase"),
            rebase_at=[24],
        ),
        axis_label="Per cent",
        tick_format=lambda v: f"{v:.1f}%",
    ),
    "bar": lambda: charts.bar_chart("Bars", _bars(), axis_label="Amount (£)"),
    "grouped": lambda: charts.grouped_bar_chart(
        "Grouped",
        [(LONG, [charts.Bar("", 5, "5"), charts.Bar("", 8, "8")])],
        series=[("Recorded", charts.BLUE), ("Expected", charts.GREY)],
        axis_label="People",
    ),
    "column": lambda: charts.column_chart(
        "Columns",
        [charts.Bar(m, v, str(v)) for m, v in zip(("Apr", "May", "Jun"), (3, -2, 9), strict=True)]
        * 4,
        axis_label="Forecast outturn (£m)",
        reference=(4, "System control total (£4,000,000)"),
        category_label="Month of return",
    ),
    "stacked": lambda: charts.stacked_bar_chart(
        "Stacked", [("2024/25", [0.6, 0.4])], series=["Acute", "Community"], texts=[["60%", "40%"]]
    ),
    "pyramid": lambda: charts.pyramid(
        "Age", [("0-4", 1000, 1200, "1,000", "1,200"), ("85+", None, 300, "*", "300")]
    ),
    "scatter": lambda: charts.scatter_chart(
        "Calibration", [(0.1, 0.12, "d1"), (0.9, 0.7, "d10")], x_label="Predicted", y_label="Obs"
    ),
    "timeline": lambda: charts.timeline_chart(
        "Decisions",
        [
            charts.TimelineRow(LONG, dt.date(2027, 2, 1), "On track", start=dt.date(2025, 1, 1)),
            charts.TimelineRow("Decision", dt.date(2025, 6, 30), "Something else entirely"),
        ],
        today=dt.date(2027, 3, 31),
    ),
    "line": lambda: charts.line_chart(
        "Benefits",
        [
            charts.Series("Planned benefit with a long name", _months([1e6, 2e6, 3e6]), True),
            charts.Series("Actual", _months([0.5e6, None, 3.5e6])),
        ],
        axis_label="Cash-releasing benefit (£)",
        tick_format=lambda v: f"£{v / 1e6:g}m",
        target=(4e6, "Target: £4m by March"),
    ),
}


def _outside(chart) -> list:
    x1, y1 = chart.x0, chart.y0
    x2, y2 = x1 + chart.width, y1 + chart.height
    return [
        (s.kind, s.text or s.tip, b)
        for s in chart.shapes
        if not (x1 <= (b := charts.bounds(s))[0] and y1 <= b[1] and b[2] <= x2 and b[3] <= y2)
    ]


def _overlapping_texts(chart) -> list:
    texts = [(s.text, charts.bounds(s)) for s in chart.shapes if s.kind == "text"]
    return [
        (a, b)
        for i, (a, p) in enumerate(texts)
        for b, q in texts[i + 1 :]
        if p[0] < q[2] - 1 and q[0] < p[2] - 1 and p[1] < q[3] - 1 and q[1] < p[3] - 1
    ]


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_every_chart_has_named_axes_with_ticks_and_nothing_clipped(kind):
    chart = BUILDERS[kind]()
    assert not _outside(chart)
    assert not _overlapping_texts(chart)
    classes = [s.attrs.get("class") for s in chart.shapes]
    assert classes.count(charts.TICK_CLASS) >= 2
    assert classes.count(charts.AXIS_LABEL_CLASS) >= 1
    sizes = [float(s.attrs["font-size"]) for s in chart.shapes if s.kind == "text"]
    assert min(sizes) >= 12
    assert chart.table is not None and chart.table.rows


def test_the_guard_sees_a_shape_outside_the_view_box():
    chart = charts.bar_chart("Bars", _bars(), axis_label="Amount (£)")
    chart.shapes.append(charts.text(chart.x0 + chart.width - 5, 20, "spills over the edge"))
    assert _outside(chart)
    chart.shapes.append(charts.text(chart.x0 + 10, 20, "spills over the edge"))
    assert _overlapping_texts(chart)
