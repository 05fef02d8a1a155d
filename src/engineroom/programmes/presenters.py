"""How the portfolio looks: tag classes for ratings and risk bands, risk rows ready to show and
the dependency map drawn with ``web.charts``. Money and dates use ``web.formatting``."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.urls import reverse

from engineroom.programmes import rules
from engineroom.programmes.models import Risk
from engineroom.programmes.queries import DependencyMap
from engineroom.system.models import System
from engineroom.web import charts

GREY_TAG = "nhsuk-tag--grey"
RAG_TAG = {"green": "nhsuk-tag--green", "amber": "nhsuk-tag--orange", "red": "nhsuk-tag--red"}
BAND_TAG = {
    "low": "nhsuk-tag--green",
    "moderate": "nhsuk-tag--yellow",
    "high": "nhsuk-tag--orange",
    "extreme": "nhsuk-tag--red",
}
# Given to every programme page: ``{{ rag_tags|get:report.overall_rag }}``.
TAGS = {"rag_tags": RAG_TAG}


@dataclass(frozen=True)
class Tag:
    text: str
    css: str


def risk_rows(risks) -> list[tuple[Risk, Tag]]:
    """Each risk with its current score as a tag coloured by band: ``12 High``."""
    rows = []
    for risk in risks:
        band = rules.band(risk.current_score)
        rows.append((risk, Tag(f"{risk.current_score} {band.label}", BAND_TAG[band.key])))
    return rows


# --- The dependency map --------------------------------------------------------------------

COLUMNS, NODE_WIDTH, NODE_HEIGHT, STEP_X, STEP_Y, MARGIN = 3, 260, 50, 300, 90, 20
BROKEN, HOLDING = charts.RED, charts.BLUE


def _truncated(text: str, length: int = 32) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _node(programme, x: float, y: float, href: str) -> list[charts.Shape]:
    box = {"x": x, "y": y, "width": NODE_WIDTH, "height": NODE_HEIGHT, "rx": 4}
    box.update({"fill": "#ffffff", "stroke": charts.GREY})
    label = charts.text(x + 10, y + 30, _truncated(programme.name), size=14)
    return [
        charts.shape("rect", box, tip=programme.name, href=href),
        replace(label, href=href, tip=programme.name),
    ]


def dependency_chart(graph: DependencyMap, system: System) -> charts.Chart:
    """Programmes on a grid, a line for each dependency; broken ones red, thick and dashed."""
    centre = {}
    nodes = []
    for i, programme in enumerate(graph.programmes):
        x, y = MARGIN + (i % COLUMNS) * STEP_X, MARGIN + (i // COLUMNS) * STEP_Y
        centre[programme.pk] = (x + NODE_WIDTH / 2, y + NODE_HEIGHT / 2)
        href = reverse("programmes:programme", args=[system.code, programme.code])
        nodes += _node(programme, x, y, href)
    lines = [_edge(e, centre[e.source.pk], centre[e.target.pk]) for e in graph.edges]
    rows = (len(graph.programmes) + COLUMNS - 1) // COLUMNS
    table = charts.Table(
        "Dependencies",
        ("Waiting project", "Waits on", "State"),
        [
            (e.dependency.dependent.name, e.dependency.milestone.name, _state(e.broken))
            for e in graph.edges
        ],
    )
    return charts.diagram(
        "Map of dependencies between programmes; broken dependencies are drawn red and dashed",
        COLUMNS * STEP_X,
        rows * STEP_Y + MARGIN,
        lines + nodes,
        table=table,
        description=(
            "Each box is a programme and links to its page; a line joins two programmes when a"
            " project of one waits on a milestone of the other."
        ),
    )


def _edge(edge, start: tuple[float, float], end: tuple[float, float]) -> charts.Shape:
    if edge.broken:
        line = charts.line(*start, *end, stroke=BROKEN, width=4, dash="8 4")
    else:
        line = charts.line(*start, *end, stroke=HOLDING, width=2)
    d = edge.dependency
    tip = f"{d.dependent.name} waits on {d.milestone.name}: {_state(edge.broken).lower()}"
    return replace(line, tip=tip)


def _state(broken: bool) -> str:
    return "Broken" if broken else "Holding"
