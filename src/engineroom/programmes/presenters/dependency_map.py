"""The dependency map drawn with ``web.charts``' ``diagram``: programmes as boxes on a grid, and
each dependency an orthogonal route with an arrowhead from the programme whose milestone is
awaited to the programme that waits. Routes run only in the gaps between boxes (channels), each
edge on its own lane, so no line passes through a box. Broken dependencies are red and dashed;
those in a cycle are purple and the boxes of a cycle say so in words.

Arrowheads are SVG markers (``marker-end``) defined once on the page, in
``programmes/_dependencies.html``: ``er-arrow-holding``, ``er-arrow-broken``, ``er-arrow-cycle``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.urls import reverse

from engineroom.programmes.queries import DependencyMap, MapEdge
from engineroom.system.models import System
from engineroom.web import charts

COLUMNS, NODE_WIDTH, NODE_HEIGHT = 3, 260, 52
LANE = 6  # the distance between two edges sharing a channel
HOLDING, BROKEN, CYCLE = charts.BLUE, charts.RED, charts.PALETTE[2]
LEGEND = [("Dependency holding", HOLDING), ("Broken dependency", BROKEN), ("In a cycle", CYCLE)]


@dataclass(frozen=True)
class Grid:
    """Where boxes and channels are: ``gap`` is the width of every channel."""

    gap: float

    def box(self, index: int) -> tuple[float, float]:
        row, col = divmod(index, COLUMNS)
        return (
            self.gap + col * (NODE_WIDTH + self.gap),
            self.gap + row * (NODE_HEIGHT + self.gap),
        )

    def row_channel(self, k: int) -> float:
        """The middle of the horizontal channel above row ``k``."""
        return k * (NODE_HEIGHT + self.gap) + self.gap / 2

    def column_channel(self, c: int) -> float:
        """The middle of the vertical channel left of column ``c``."""
        return c * (NODE_WIDTH + self.gap) + self.gap / 2


def _truncated(text: str, length: int = 32) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _node(programme, x: float, y: float, href: str, cycle: int | None) -> list[charts.Shape]:
    box = {"x": x, "y": y, "width": NODE_WIDTH, "height": NODE_HEIGHT, "rx": 4}
    stroke, width = (CYCLE, 3) if cycle else (charts.GREY, 1)
    box.update({"fill": "#ffffff", "stroke": stroke, "stroke-width": width})
    tip = programme.name + (f", in cycle {cycle}" if cycle else "")
    shapes = [
        charts.shape("rect", box, tip=tip, href=href),
        replace(charts.text(x + 10, y + 22, _truncated(programme.name), size=14), href=href),
    ]
    if cycle:
        label = charts.text(x + 10, y + 42, f"In cycle {cycle}", size=12, weight="bold", fill=CYCLE)
        shapes.append(label)
    return shapes


def _ports(edges: list[MapEdge]) -> dict[tuple[int, str], float]:
    """The x of each edge's end on its box: edges leave from the left half of a side and arrive
    on the right half, spread evenly, so no two ends meet."""
    ends: dict[tuple[int, str], list[int]] = {}
    for i, e in enumerate(edges):
        ends.setdefault((e.source.pk, "out"), []).append(i)
        ends.setdefault((e.target.pk, "in"), []).append(i)
    ports = {}
    for (_, way), members in ends.items():
        x0 = NODE_WIDTH / 2 if way == "in" else 0
        for j, i in enumerate(members):
            ports[(i, way)] = x0 + (NODE_WIDTH / 2) * (j + 1) / (len(members) + 1)
    return ports


def _route(grid: Grid, s: int, t: int, sx: float, tx: float, lane: float) -> list[tuple]:
    """Points of an orthogonal route from box ``s`` (leaving at ``sx``) to box ``t`` (arriving
    at ``tx``), in the channels only."""
    rs, (rt, ct) = s // COLUMNS, divmod(t, COLUMNS)
    _, sy = grid.box(s)
    _, ty = grid.box(t)
    down = rt > rs
    leave_k = rs + 1 if rt >= rs else rs
    arrive_k = rt if down else rt + 1
    start = (sx, sy + NODE_HEIGHT if rt >= rs else sy)
    end = (tx, ty if down else ty + NODE_HEIGHT)
    y1, y2 = grid.row_channel(leave_k) + lane, grid.row_channel(arrive_k) + lane
    if leave_k == arrive_k:
        return [start, (sx, y1), (tx, y1), end]
    left, right = grid.column_channel(ct), grid.column_channel(ct + 1)
    vx = (left if abs(left - sx) <= abs(right - sx) else right) + lane
    return [start, (sx, y1), (vx, y1), (vx, y2), (tx, y2), end]


def _path(points: list[tuple], edge: MapEdge) -> charts.Shape:
    d = "M " + " L ".join(f"{x:.1f} {y:.1f}" for x, y in points)
    if edge.broken:
        look, marker = {"stroke": BROKEN, "stroke-width": 3, "stroke-dasharray": "8 4"}, "broken"
    elif edge.in_cycle:
        look, marker = {"stroke": CYCLE, "stroke-width": 3}, "cycle"
    else:
        look, marker = {"stroke": HOLDING, "stroke-width": 2}, "holding"
    attrs = {"d": d, "fill": "none", **look, "marker-end": f"url(#er-arrow-{marker})"}
    dep = edge.dependency
    state = _state(edge)
    tip = f"{dep.dependent.name} waits on {dep.milestone.name} of {dep.milestone.project.name}"
    return charts.shape("path", attrs, tip=f"{tip}: {state.lower()}")


def _state(edge: MapEdge) -> str:
    words = "Broken" if edge.broken else "Holding"
    return f"{words}, in a cycle" if edge.in_cycle else words


def dependency_chart(graph: DependencyMap, system: System) -> charts.Chart:
    """Programmes on a grid and a routed arrow for each dependency between programmes."""
    index = {p.pk: i for i, p in enumerate(graph.programmes)}
    cycle_of = {p.pk: n for n, cycle in enumerate(graph.cycles, start=1) for p in cycle}
    edges = [e for e in graph.edges if e.source.pk in index and e.target.pk in index]
    grid = Grid(gap=max(48.0, LANE * (min(len(edges), 14) + 3)))
    nodes = []
    for programme in graph.programmes:
        x, y = grid.box(index[programme.pk])
        href = reverse("programmes:programme", args=[system.code, programme.code])
        nodes += _node(programme, x, y, href, cycle_of.get(programme.pk))
    ports = _ports(edges)
    lines = []
    for i, e in enumerate(edges):
        s, t = index[e.source.pk], index[e.target.pk]
        lane = (i - (len(edges) - 1) / 2) * min(LANE, (grid.gap - 12) / max(len(edges), 1))
        sx = grid.box(s)[0] + ports[(i, "out")]
        tx = grid.box(t)[0] + ports[(i, "in")]
        lines.append(_path(_route(grid, s, t, sx, tx, lane), e))
    rows = max(1, (len(graph.programmes) + COLUMNS - 1) // COLUMNS)
    chart = charts.diagram(
        "Map of dependencies between programmes; broken dependencies are drawn red and dashed,"
        " cycles purple",
        COLUMNS * (NODE_WIDTH + grid.gap) + grid.gap,
        rows * (NODE_HEIGHT + grid.gap) + grid.gap,
        nodes + lines,
        table=_table(edges),
        description=(
            "Each box is a programme and links to its page. An arrow runs from the programme"
            " whose milestone is awaited to the programme whose project waits on it. Broken"
            " dependencies are red and dashed; dependencies in a cycle are purple, and each"
            " programme in a cycle says which."
        ),
    )
    chart.legend = list(LEGEND)
    return chart


def _table(edges: list[MapEdge]) -> charts.Table:
    return charts.Table(
        "Dependencies",
        ("Waiting project", "Waits on", "State"),
        [(e.dependency.dependent.name, e.dependency.milestone.name, _state(e)) for e in edges],
    )
