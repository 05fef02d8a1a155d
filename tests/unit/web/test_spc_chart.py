"""The SPC chart in Making Data Count's look: every point type marked by shape as well as colour,
limits that step at a recalculation, trial limits labelled, the target drawn, a table and a
description in words; and the two icons drawn with their words."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.template.loader import render_to_string

from engineroom.population.spc import (
    ASSURANCE_ICONS,
    VARIATION_ICONS,
    SpcOptions,
    SpcPoint,
    SpcResult,
    xmr,
)
from engineroom.web import charts, periods
from engineroom.web.charts.spc import NO_ASSURANCE, TRIAL_LABEL

APRIL = dt.date(2024, 4, 1)
TYPES = [
    ("common_cause", ""),
    ("special_cause_improvement", "high"),
    ("special_cause_improvement", "low"),
    ("special_cause_concern", "high"),
    ("special_cause_concern", "low"),
    ("special_cause_neutral_high", "high"),
    ("special_cause_neutral_low", "low"),
]


def _months(count: int) -> list[dt.date]:
    return [periods.add_months(APRIL, i) for i in range(count)]


def _point(i, value, point_type="common_cause", side="", *, trial=False, target=None) -> SpcPoint:
    mean, upl, lpl = 50.0, 80.0, 20.0
    return SpcPoint(i, value, mean, upl, lpl, 70.0, 30.0, point_type, side, 0, trial, False, target)


def _every_type() -> SpcResult:
    values = [50, 90, 10, 85, 15, 88, 12]
    points = tuple(
        _point(i, v, t, s) for i, (v, (t, s)) in enumerate(zip(values, TYPES, strict=True))
    )
    return SpcResult(points, SpcOptions(improvement="increase"), "neutral_low", None)


def _percent(value: float) -> str:
    return f"{value:.1f}%"


def _chart(result: SpcResult, **kwargs) -> charts.Chart:
    dates = _months(len(result.points))
    return charts.spc_chart("Seen within 4 hours", dates, result, axis_label="Share (%)", **kwargs)


def _markers(chart) -> list:
    return [s for s in chart.shapes if s.tip]


def _outline(shape) -> tuple:
    """A marker's form whatever its colour and place: its kind and its corners from its centre."""
    if shape.kind == "circle":
        return ("circle",)
    xs_ys = [float(n) for n in shape.attrs["d"].replace("M", " ").replace("L", " ")[:-1].split()]
    corners = list(zip(xs_ys[::2], xs_ys[1::2], strict=True))
    cx = sum(x for x, _ in corners) / len(corners)
    cy = (min(y for _, y in corners) + max(y for _, y in corners)) / 2
    return ("path", *((round(x - cx), round(y - cy)) for x, y in corners))


def test_every_point_type_has_its_own_shape_not_only_its_colour():
    markers = _markers(_chart(_every_type(), tick_format=_percent))
    assert len(markers) == len(TYPES)
    outlines = {t: _outline(m) for (t, _), m in zip(TYPES[::2], markers[::2], strict=True)}
    # Common cause, improvement, concern and neutral: four different outlines.
    assert len(set(outlines.values())) == 4
    up, down = _outline(markers[1]), _outline(markers[2])
    assert up != down, "an improvement's triangle points to its side"
    assert markers[0].kind == "circle"
    fills = {m.attrs["fill"] for m in markers}
    assert len(fills) == 4  # grey, blue, orange, purple


def test_each_point_has_a_tip_in_words():
    result = SpcResult(
        (_point(0, 80.0), _point(1, 74.2, "special_cause_concern", "low")),
        SpcOptions(improvement="increase"),
        "concern_low",
        None,
    )
    tips = [m.tip for m in _markers(_chart(result, tick_format=_percent))]
    assert tips == [
        "Apr 2024: 80.0% — common cause",
        "May 2024: 74.2% — special cause concern (low)",
    ]


def test_the_table_gives_every_number_and_the_point_type_in_words():
    chart = _chart(_every_type(), tick_format=_percent)
    assert chart.table.header == (
        "Month",
        "Value",
        "Mean",
        "Lower process limit",
        "Upper process limit",
        "Point type",
    )
    assert chart.table.rows[0] == ("Apr 2024", "50.0%", "50.0%", "20.0%", "80.0%", "Common cause")
    assert [row[-1] for row in chart.table.rows[1:3]] == [
        "Special cause improvement (high)",
        "Special cause improvement (low)",
    ]
    assert chart.table.rows[-1][-1] == "Special cause neutral (low)"


def test_the_legend_names_every_point_type_present_and_only_those():
    labels = [label for label, _ in _chart(_every_type()).legend]
    assert [label.split(" (")[0] for label in labels[:4]] == [
        "Common cause",
        "Special cause improvement",
        "Special cause concern",
        "Special cause neutral",
    ]
    assert "Process limits (dashed lines)" in labels and "Mean (solid line)" in labels
    only_common = SpcResult((_point(0, 50), _point(1, 52)), SpcOptions(), "common_cause", None)
    labels = [label for label, _ in _chart(only_common).legend]
    assert not [label for label in labels if label.startswith("Special cause")]


def _dashed(chart) -> list:
    return [s for s in chart.shapes if s.attrs.get("stroke-dasharray") == "6 4"]


def _corners(shape) -> list[tuple[float, float]]:
    numbers = shape.attrs["d"].replace("M", " ").replace("L", " ").replace("Z", " ").split()
    values = [float(n) for n in numbers]
    return list(zip(values[::2], values[1::2], strict=True))


def test_the_limits_step_where_a_recalculation_starts():
    values = [5, 6, 5, 7, 6, 5, 6, 5, 6, 7, 6, 5, 6, 15, 16, 15, 17, 16, 15, 16, 15, 16, 17, 16]
    result = xmr(values, rebase_at=[13])
    chart = _chart(result)
    upper, _lower = _dashed(chart)
    assert len({y for _, y in _corners(upper)}) == 2, "one level before, one after"
    markers = _markers(chart)
    x12, x13 = markers[12].attrs["cx"], markers[13].attrs["cx"]
    steps = [a[0] for a, b in itertools.pairwise(_corners(upper)) if a[0] == b[0]]
    assert len(steps) == 1 and x12 < steps[0] < x13
    flat = _chart(xmr(values))
    assert all(len({y for _, y in _corners(line)}) == 1 for line in _dashed(flat))


def test_trial_limits_are_labelled_and_full_limits_are_not():
    texts = [s.text for s in _chart(xmr([3, 4, 5, 4, 3, 4])).shapes if s.kind == "text"]
    assert TRIAL_LABEL == "Trial limits (fewer than 12 points)" and TRIAL_LABEL in texts
    full = _chart(xmr([3, 4, 5, 4, 3, 4] * 2))
    assert TRIAL_LABEL not in [s.text for s in full.shapes if s.kind == "text"]
    assert "trial limits" in _chart(xmr([3, 4, 5, 4, 3, 4])).description


def test_a_target_is_a_red_dashed_line_labelled_target():
    result = xmr([3, 4, 5, 4, 3, 4, 5, 4], target=6, options=SpcOptions(improvement="increase"))
    chart = _chart(result)
    (target,) = [s for s in chart.shapes if s.attrs.get("stroke") == charts.RED]
    assert target.attrs["stroke-dasharray"] and target.kind == "path"
    assert "Target" in [s.text for s in chart.shapes if s.kind == "text"]
    assert ("Target (red dashed line)", charts.RED) in chart.legend
    assert chart.table.header[5] == "Target" and chart.table.rows[0][5] == "6"
    untargeted = _chart(xmr([3, 4, 5, 4]))
    assert not [s for s in untargeted.shapes if s.attrs.get("stroke") == charts.RED]


def test_the_description_says_both_icons_in_words():
    result = xmr([3, 4, 5, 4, 3, 4, 5, 4], target=9, options=SpcOptions(improvement="increase"))
    description = _chart(result, caption_detail="Surplus is positive.").description
    assert result.assurance_icon == "consistent_fail"
    assert charts.VARIATION_TEXT["common_cause"] in description
    assert "the target will consistently not be met" in description
    assert description.startswith("From Apr 2024 to Nov 2024, mean 4")
    assert description.endswith("Surplus is positive.")
    assert NO_ASSURANCE[1:] in _chart(xmr([3, 4, 5, 4])).description
    html = render_to_string("web/_chart.html", {"chart": _chart(result), "id": "spc"})
    assert '<desc id="spc-desc">From Apr 2024' in html and 'aria-describedby="spc-desc"' in html


def _outside(chart) -> list:
    x1, y1 = chart.x0, chart.y0
    x2, y2 = x1 + chart.width, y1 + chart.height
    boxes = [(s, charts.bounds(s)) for s in chart.shapes]
    return [s for s, b in boxes if not (x1 <= b[0] and y1 <= b[1] and b[2] <= x2 and b[3] <= y2)]


def _overlapping(chart) -> list:
    texts = [(s.text, charts.bounds(s)) for s in chart.shapes if s.kind == "text"]
    return [
        (a, b)
        for i, (a, p) in enumerate(texts)
        for b, q in texts[i + 1 :]
        if p[0] < q[2] - 1 and q[0] < p[2] - 1 and p[1] < q[3] - 1 and q[1] < p[3] - 1
    ]


@pytest.mark.parametrize("count", [2, 7, 30])
def test_nothing_is_clipped_or_overlapping_and_text_is_large_enough(count):
    values = [(i * 37) % 11 + (20 if i > count // 2 else 0) for i in range(count)]
    options = SpcOptions(improvement="decrease")
    chart = _chart(
        xmr(values, target=8, options=options, rebase_at=[count // 2] if count > 2 else [])
    )
    assert not _outside(chart) and not _overlapping(chart)
    assert min(float(s.attrs["font-size"]) for s in chart.shapes if s.kind == "text") >= charts.FONT
    classes = [s.attrs.get("class") for s in chart.shapes]
    assert classes.count(charts.TICK_CLASS) >= 2 and charts.AXIS_LABEL_CLASS in classes


def test_a_chart_needs_a_date_for_every_point():
    with pytest.raises(ValueError, match="one date for each"):
        charts.spc_chart("x", _months(1), xmr([1, 2]), axis_label="x")


@pytest.mark.parametrize("key", VARIATION_ICONS)
def test_every_variation_icon_is_its_words_with_the_drawing_hidden(key):
    words = charts.VARIATION_TEXT[key]
    html = render_to_string("web/_spc_icons.html", {"variation_icon": key})
    assert html.count('aria-hidden="true"') == 1 and 'role="img"' not in html
    assert f"<title>{words}</title>" in html, "the tooltip keeps the words"
    assert f'<span class="er-spc-icon__label">{words}</span>' in html
    letter = {"high": ">H<", "low": ">L<"}.get(key.rsplit("_", 1)[1], "")
    assert letter in html, "high and low are told by a letter too"


@pytest.mark.parametrize("key", ASSURANCE_ICONS)
def test_every_assurance_icon_is_its_words_with_the_drawing_hidden(key):
    words = charts.ASSURANCE_TEXT[key]
    context = {"variation_icon": "common_cause", "assurance_icon": key, "compact": True}
    html = render_to_string("web/_spc_icons.html", context)
    assert html.count('aria-hidden="true"') == 2 and 'role="img"' not in html
    assert f"<title>{words}</title>" in html
    assert f'<span class="nhsuk-u-visually-hidden">{words}</span>' in html
    letter = {"consistent_pass": ">P<", "consistent_fail": ">F<", "inconsistent": ">?<"}[key]
    assert letter in html


def test_no_icons_without_keys():
    html = render_to_string("web/_spc_icons.html", {"variation_icon": None})
    assert "<svg" not in html


def test_the_axis_can_be_short_while_the_table_and_tips_are_in_full():
    result = xmr([1_234_567, 2_345_678, 1_500_000])
    chart = charts.spc_chart(
        "Money",
        _months(3),
        result,
        axis_label="£",
        tick_format=lambda v: f"£{v / 1e6:g}m",
        value_format=lambda v: f"£{round(v):,}",
    )
    assert chart.table.rows[0][1] == "£1,234,567"
    assert _markers(chart)[1].tip.startswith("May 2024: £2,345,678")
    assert "£2m" in [s.text for s in chart.shapes if s.kind == "text"]
