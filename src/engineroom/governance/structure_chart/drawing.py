"""The structure chart as ``web.charts`` shapes: bands, connectors, labelled arrows and boxes.

``draw`` turns a ``Layout`` into a ``charts.diagram`` that ``web/_chart.html`` renders as inline
SVG (no client-side script: the Content-Security-Policy forbids it). Shape plus words, never
colour alone: joint bodies have a double border, external ones a dashed border and a type tag
saying so; delegated authority is a thick arrow with its label.
"""

from __future__ import annotations

from collections.abc import Iterable

from engineroom.governance.structure_chart.layout import (
    EXTERNAL,
    JOINT,
    Box,
    Edge,
    Layout,
    Text,
)
from engineroom.governance.structure_chart.text import NAME_SIZE, SMALL_SIZE
from engineroom.web import charts
from engineroom.web.formatting import money_short

INK, BLUE, GREY, SLATE = "#212b32", "#005eb8", "#425563", "#4c6272"
BAND_FILLS = ("#f0f4f5", "#ffffff", "#f0f4f5")
ARROW = 8  # arrowhead length and width, in px


def delegation_label(
    rows: Iterable[tuple[str, str, int]], *, parent: str | None, every: int
) -> str:
    """'Funding allocation, service change up to £1m' from (source, category, limit) rows.

    Rows from a source other than the parent are prefixed 'From <source>:'; a source that
    delegates every one of the ``every`` categories at one limit reads 'all categories'.
    """
    groups: dict[tuple[str, int], list[str]] = {}
    for source, category, limit in rows:
        groups.setdefault((source, limit), []).append(category)
    parts = []
    for (source, limit), categories in sorted(groups.items(), key=lambda g: (g[0][0], -g[0][1])):
        names = sorted(set(categories))
        what = "all categories" if len(names) >= every else ", ".join(names).capitalize()
        prefix = "" if source == parent else f"From {source}: "
        parts.append(f"{prefix}{what} up to {money_short(limit)}")
    return "; ".join(parts)


def draw(plan: Layout, title: str) -> charts.Chart:
    """The chart to include with ``web/_chart.html``; its ``<desc>`` describes the drawing."""
    shapes: list[charts.Shape] = []
    for i, band in enumerate(plan.bands):
        shapes += _band(plan, band, BAND_FILLS[i % len(BAND_FILLS)])
    for fan in plan.fans:
        shapes.append(_path(fan.d, stroke=GREY, width=1.5))
    for edge in plan.edges:
        shapes += _edge(edge)
    for box in plan.boxes:
        shapes += _box(box)
    return charts.diagram(title, plan.width, plan.height, shapes, description=plan.description)


def _with(shape: charts.Shape, **attrs) -> charts.Shape:
    """``shape`` with more SVG attributes (``stroke_width`` is written ``stroke-width``)."""
    extra = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    return charts.Shape(shape.kind, {**shape.attrs, **extra}, shape.text, shape.tip, shape.href)


def _path(d: str, *, stroke: str, width: float, tip: str = "", **attrs) -> charts.Shape:
    svg = {"d": d, "fill": "none", "stroke": stroke, "stroke-width": width}
    return _with(charts.Shape("path", svg, tip=tip), **attrs)


def _band(plan: Layout, band, fill: str) -> list[charts.Shape]:
    area = charts.rect(0, band.y, plan.width, band.h, fill)
    label = charts.text(10, band.label_y, f"{band.label} level", size=14, weight="bold", fill=SLATE)
    return [_with(area, stroke="#d8dde0"), label]


def _edge(edge: Edge) -> list[charts.Shape]:
    """A plain line to the body it reports to, or a labelled arrow for delegated authority."""
    if not edge.delegated:
        shapes = [_path(edge.d, stroke=GREY, width=1.5)]
    else:
        tip = f"Delegated authority: {edge.label}"
        shapes = [
            _path(edge.d, stroke=INK, width=2.5, tip=tip, class_="er-chart__delegation"),
            _arrowhead(edge),
        ]
    return shapes + [_label(t, edge.anchor) for t in edge.texts]


def _arrowhead(edge: Edge) -> charts.Shape:
    x, y = edge.tip
    if edge.heading == "right":
        d = f"M{x - ARROW:g} {y - ARROW / 2:g}L{x:g} {y:g}L{x - ARROW:g} {y + ARROW / 2:g}Z"
    else:
        d = f"M{x - ARROW / 2:g} {y - ARROW:g}L{x:g} {y:g}L{x + ARROW / 2:g} {y - ARROW:g}Z"
    return charts.Shape("path", {"d": d, "fill": INK, "class": "er-chart__arrow"})


def _label(t: Text, anchor: str) -> charts.Shape:
    shape = charts.text(t.x, t.y, t.text, anchor=anchor, size=SMALL_SIZE, fill=INK)
    return _with(
        shape,
        font_style="italic",
        stroke="#ffffff",
        stroke_width=4,
        stroke_linejoin="round",
        paint_order="stroke",
    )


def _box(box: Box) -> list[charts.Shape]:
    """The body's box links to its page; its text lets clicks through to the box."""
    node = box.node
    outline = charts.rect(box.x, box.y, box.w, box.h, "#ffffff")
    if node.style == EXTERNAL:
        outline = _with(outline, stroke=SLATE, stroke_width=2, stroke_dasharray="7 4")
    elif node.style == JOINT:
        outline = _with(outline, fill="#e8edee", stroke=BLUE, stroke_width=1.5)
    else:
        outline = _with(outline, rx=8, stroke=BLUE, stroke_width=2)
    outline = _with(outline, class_=f"er-chart__box er-chart__box--{node.style}")
    link = charts.Shape("rect", outline.attrs, tip=f"{node.name} ({node.tag})", href=node.href)
    shapes = [link]
    if node.style == JOINT:
        inner = charts.rect(*box.inner, "none")
        shapes.append(_with(inner, stroke=BLUE, stroke_width=1.5, pointer_events="none"))
    for t in box.texts:
        if t.kind == "tag":
            shape = charts.text(t.x, t.y, t.text, size=SMALL_SIZE, fill=SLATE)
        else:
            shape = charts.text(t.x, t.y, t.text, size=NAME_SIZE, weight="bold", fill=BLUE)
        shapes.append(_with(shape, pointer_events="none"))
    return shapes
