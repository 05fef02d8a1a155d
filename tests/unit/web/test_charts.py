"""The one charts module: axes with round ticks, bars where values are, text where they are not."""

from __future__ import annotations

from dataclasses import replace

from django.template.loader import render_to_string

from engineroom.web import charts


def test_ticks_are_round_and_cover_the_range():
    assert charts.nice_ticks(0, 7) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(-3, 5) == [-4, -2, 0, 2, 4, 6]
    ticks = charts.nice_ticks(0, 0)
    assert ticks[0] == 0 and ticks[-1] >= 1


def test_bar_chart_draws_a_bar_per_known_value_and_keeps_suppressed_text():
    chart = charts.bar_chart(
        "People by place",
        [charts.Bar("North", 120, "120"), charts.Bar("South", None, "*")],
        axis_label="People",
    )
    rects = [s for s in chart.shapes if s.kind == "rect"]
    texts = [s.text for s in chart.shapes if s.kind == "text"]
    assert len(rects) == 1 and rects[0].tip == "North: 120"
    assert "*" in texts and "People" in texts
    assert chart.table.rows == [("North", "120"), ("South", "*")]


def test_negative_bars_go_left_of_zero():
    chart = charts.bar_chart(
        "Variance", [charts.Bar("Trust", -5, "(£5)")], axis_label="£", table_header=("", "£")
    )
    (rect,) = [s for s in chart.shapes if s.kind == "rect"]
    zero = next(s for s in chart.shapes if s.kind == "line" and s.attrs["x1"] == s.attrs["x2"])
    assert rect.attrs["x"] + rect.attrs["width"] == zero.attrs["x1"]


def test_stacked_bars_fill_the_width_and_name_each_part():
    chart = charts.stacked_bar_chart(
        "Spend by sector",
        [("2024/25", [0.6, 0.4])],
        series=["Acute", "Community"],
        texts=[["60%", "40%"]],
    )
    widths = [s.attrs["width"] for s in chart.shapes if s.kind == "rect"]
    assert sum(widths) == charts.PLOT_WIDTH
    assert [label for label, _ in chart.legend] == ["Acute", "Community"]


def test_column_chart_has_a_reference_line_in_the_legend():
    chart = charts.column_chart(
        "Forecast",
        [charts.Bar("Apr", 3, "£3"), charts.Bar("May", -2, "(£2)", charts.RED)],
        axis_label="£m",
        reference=(1, "Control total"),
    )
    assert chart.legend == [("Control total", charts.BLUE)]
    assert any(s.attrs.get("stroke-dasharray") for s in chart.shapes if s.kind == "line")


def test_pyramid_and_scatter_and_grouped_bars():
    pyramid = charts.pyramid("Age", [("0-4", 10, 12, "10", "12"), ("85+", None, 3, "*", "3")])
    assert pyramid.table.rows == [("0-4", "10", "12"), ("85+", "*", "3")]
    scatter = charts.scatter_chart(
        "Calibration", [(0.1, 0.12, "decile 1")], x_label="Predicted", y_label="Observed"
    )
    assert any(s.kind == "circle" and s.tip == "decile 1" for s in scatter.shapes)
    grouped = charts.grouped_bar_chart(
        "Recorded and expected",
        [("AF", [charts.Bar("", 5, "5"), charts.Bar("", 8, "8")])],
        series=[("Recorded", charts.BLUE), ("Expected", charts.GREY)],
        axis_label="People",
    )
    assert grouped.table.rows == [("AF", "5", "8")]


def test_the_template_draws_an_accessible_figure_and_the_table():
    chart = charts.bar_chart("Beds", [charts.Bar("Ward", 4, "4")], axis_label="Beds")
    html = render_to_string("web/_chart.html", {"chart": chart, "id": "beds"})
    assert 'role="img"' in html and 'aria-labelledby="beds-title"' in html
    assert "<title>Ward: 4</title>" in html and 'id="beds-table"' in html
    linked = charts.diagram("Map", 100, 50, [replace(charts.text(1, 1, "A"), href="/a")])
    assert 'role="group"' in render_to_string("web/_chart.html", {"chart": linked, "id": "m"})


def test_long_labels_get_room_to_the_left_of_the_plot():
    label = "Non-recurrent transformation funding"
    chart = charts.bar_chart("Funding", [charts.Bar(label, 40, "40%")], axis_label="%")
    text = next(s for s in chart.shapes if s.kind == "text" and s.text == label)
    assert text.attrs["x"] - len(label) * charts.CHAR_WIDTH >= 0
