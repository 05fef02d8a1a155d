"""The structure chart layout (S4): a pure function from bodies to boxes and connectors."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engineroom.governance.structure_chart import (
    BODY,
    EXTERNAL,
    JOINT,
    LEVELS,
    TEXT_W,
    ChartNode,
    delegation_label,
    draw,
    layout,
    measure_name,
    wrap,
)
from engineroom.web.formatting import money_short

WORDS = ["Board", "Group", "Place", "Joint", "Committee", "of", "Commissioners", "Shire", "North"]


@st.composite
def forests(draw):
    """Random reports-to forests: each body reports to an earlier one or to none."""
    n = draw(st.integers(1, 24))
    nodes = []
    for i in range(n):
        parent = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        name = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)))
        nodes.append(
            ChartNode(
                id=i,
                name=f"{name} {i}",
                kind=draw(st.sampled_from(["Programme board", "Place partnership board"])),
                level=draw(st.sampled_from(LEVELS)),
                parent=parent,
                style=draw(st.sampled_from([BODY, JOINT, EXTERNAL])),
                delegation=draw(st.sampled_from(["", "Funding allocation up to £1m"])),
            )
        )
    return nodes


def overlaps(a, b):
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def band_order(box):
    return LEVELS.index(box.band)


@settings(max_examples=150, deadline=None)
@given(forests())
def test_every_body_is_placed_once_without_overlaps_and_below_its_parent(nodes):
    chart = layout(nodes)
    boxes = {b.node.id: b for b in chart.boxes}
    assert sorted(boxes) == sorted(n.id for n in nodes)
    assert len(chart.boxes) == len(nodes)
    placed = list(boxes.values())
    for i, a in enumerate(placed):
        assert a.x >= 0 and a.x + a.w <= chart.width and a.y >= 0 and a.y + a.h <= chart.height
        for b in placed[i + 1 :]:
            assert not overlaps(a, b), (a.node.name, b.node.name)
    for n in nodes:
        box = boxes[n.id]
        assert band_order(box) >= LEVELS.index(n.level)  # never drawn above its own level
        if n.parent is not None:
            parent = boxes[n.parent]
            assert box.y >= parent.y + parent.h  # children below parents
            assert band_order(box) >= band_order(parent)
    for band in chart.bands:  # boxes sit inside their band
        for box in placed:
            if box.band == band.level:
                assert band.y <= box.y and box.y + box.h <= band.y + band.h


def segments(d):
    """Axis-aligned segments of an 'M x y V y' / 'M x y H x' path."""
    out = []
    for x, y, axis, to in re.findall(r"M([\d.]+) ([\d.]+)([VH])([\d.]+)", d):
        x, y, to = float(x), float(y), float(to)
        out.append(
            (x, min(y, to), x, max(y, to)) if axis == "V" else (min(x, to), y, max(x, to), y)
        )
    return out


@settings(max_examples=150, deadline=None)
@given(forests())
def test_connectors_never_cross_a_box(nodes):
    chart = layout(nodes)
    lines = [s for fan in chart.fans for s in segments(fan.d)]
    lines += [s for edge in chart.edges for s in segments(edge.d)]
    for x1, y1, x2, y2 in lines:
        for b in chart.boxes:  # strictly inside a box (touching an edge is how lines join)
            assert not (b.x < x2 and x1 < b.x + b.w and b.y < y2 and y1 < b.y + b.h), b.node.name


@given(forests())
def test_the_list_tree_holds_every_body_once_in_the_drawing_order(nodes):
    chart = layout(nodes)

    def flatten(items):
        for item in items:
            yield item.node.id
            yield from flatten(item.children)

    assert list(flatten(chart.tree)) == [b.node.id for b in chart.boxes]


@given(forests())
def test_layout_is_deterministic_whatever_the_input_order(nodes):
    assert layout(nodes) == layout(list(reversed(nodes)))


def test_every_delegated_body_gets_a_labelled_arrow_and_others_a_plain_line():
    nodes = [
        ChartNode(1, "Leadership Group", "Leadership group", delegation="From ICB: all"),
        ChartNode(2, "Executive", "Executive group", parent=1, delegation="Funding up to £1m"),
        ChartNode(3, "Finance", "Finance group", parent=2),
        ChartNode(4, "Scrutiny", "Overview and scrutiny committee", style=EXTERNAL),
    ]
    chart = layout(nodes)
    edges = {e.child: e for e in chart.edges}
    assert edges[1].parent is None and edges[1].delegated  # a stub from above for the root
    assert edges[2].delegated and [t.text for t in edges[2].texts] == ["Funding up to £1m"]
    assert not edges[3].delegated and not edges[3].texts
    assert 4 not in edges  # an external body with nothing delegated has no connector
    assert "1 external statutory bodies a dashed border" in chart.description


def test_a_cycle_handed_to_the_layout_is_refused_not_looped():
    nodes = [ChartNode(1, "A", "x", parent=2), ChartNode(2, "B", "x", parent=1)]
    with pytest.raises(ValueError, match="cycle"):
        layout(nodes)
    with pytest.raises(ValueError, match="cycle"):
        layout([ChartNode(1, "Self", "x", parent=1)])
    with pytest.raises(ValueError, match="once"):
        layout([ChartNode(1, "A", "x"), ChartNode(1, "A", "x")])


def test_a_lower_level_parent_pulls_its_child_into_its_band():
    nodes = [
        ChartNode(1, "Place board", "Place partnership board", level="place"),
        ChartNode(2, "System group under a place", "Programme board", parent=1),
    ]
    chart = layout(nodes)
    assert [b.band for b in chart.boxes] == ["place", "place"]
    assert [b.level for b in chart.bands] == ["place"]


def test_empty_system():
    chart = layout([])
    assert chart.boxes == () and chart.tree == () and chart.bands == ()


@given(st.text(alphabet="ab c", max_size=80), st.integers(4, 30), st.integers(1, 4))
def test_wrap_keeps_to_the_width_and_the_line_count(text, width, lines):
    out = wrap(text, width, lines)
    assert len(out) <= lines
    assert all(len(line) <= width for line in out)
    if not any(line.endswith("…") for line in out):
        assert "".join(out).replace(" ", "").replace("-", "") == "".join(text.split())


def test_names_wrap_to_the_box():
    name = "Shire Health Overview and Scrutiny Committee"
    lines = wrap(name, TEXT_W, 3, measure_name)
    assert 1 < len(lines) <= 3 and " ".join(lines) == name
    assert all(measure_name(line) <= TEXT_W for line in lines)
    assert wrap(name, 100, 2, measure_name) == ["Shire Health", "Overview a…"]
    assert wrap("one two three four", 9, 2) == ["one two", "three…"]


def test_delegation_labels_and_money():
    assert money_short(10_000_000_00) == "£10m"
    assert money_short(2_500_000_00) == "£2.5m"
    assert money_short(100_000_00) == "£100k"
    assert money_short(750_00) == "£750"
    rows = [
        ("Executive", "funding allocation", 1_000_000_00),
        ("Executive", "service change", 1_000_000_00),
    ]
    assert (
        delegation_label(rows, parent="Executive", every=8)
        == "Funding allocation, service change up to £1m"
    )
    everything = [("NHS Vale ICB", str(i), 50_000_000_00) for i in range(8)]
    assert delegation_label(everything, parent=None, every=8) == (
        "From NHS Vale ICB: all categories up to £50m"
    )
    assert delegation_label([], parent=None, every=8) == ""


def test_the_drawing_links_every_box_and_draws_delegations_as_arrows():
    nodes = [
        ChartNode(1, "Leadership Group", "Leadership group", href="/b/1", delegation="All"),
        ChartNode(2, "Executive", "Executive group", parent=1, href="/b/2", delegation="Funding"),
        ChartNode(3, "Finance", "Finance group", parent=2, href="/b/3"),
        ChartNode(4, "Joint Committee", "Joint committee", parent=2, style=JOINT, href="/b/4"),
        ChartNode(5, "Scrutiny", "Overview and scrutiny committee", style=EXTERNAL, href="/b/5"),
        ChartNode(6, "Place Board", "Place partnership board", level="place", href="/b/6"),
    ]
    plan = layout(nodes)
    chart = draw(plan, "Structure chart of a system's governance bodies")
    assert chart.interactive and chart.description == plan.description
    links = [s for s in chart.shapes if s.href]
    assert sorted(s.href for s in links) == [f"/b/{i}" for i in range(1, 7)]
    assert all(s.kind == "rect" and s.tip for s in links)  # one link per box, named by its tip
    assert next(s for s in links if s.href == "/b/2").tip == "Executive (Executive group)"
    boxes = {s.href: s.attrs for s in links}
    assert boxes["/b/5"]["stroke-dasharray"] == "7 4"  # external: dashed
    assert "er-chart__box--joint" in boxes["/b/4"]["class"]
    assert sum(s.attrs.get("class") == "er-chart__arrow" for s in chart.shapes) == 2
    delegated = [s for s in chart.shapes if s.tip.startswith("Delegated authority: ")]
    assert sorted(s.tip for s in delegated) == [
        "Delegated authority: All",
        "Delegated authority: Funding",
    ]
    texts = [s.text for s in chart.shapes if s.kind == "text"]
    assert "System level" in texts and "Place level" in texts and "Joint committee" in texts
    assert all(
        s.attrs.get("pointer-events") == "none"
        for s in chart.shapes
        if s.text in ("Executive", "Finance")
    )
    assert chart.view_box == f"0 0 {plan.width} {plan.height}"
