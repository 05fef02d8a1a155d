"""The structure chart's tree layout: bodies placed in level bands, connectors routed between them.

Pure and deterministic: ``layout(nodes)`` turns ``ChartNode`` rows into positioned boxes,
connector paths and wrapped text (in SVG user units); ``drawing.draw`` turns those into shapes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from engineroom.governance.structure_chart.text import measure_name, measure_small, wrap

LEVELS = ("system", "place", "neighbourhood")
LEVEL_LABELS = {"system": "System", "place": "Place", "neighbourhood": "Neighbourhood"}

BODY, JOINT, EXTERNAL = "body", "joint", "external"

BOX_W = 196
COL = 224  # column pitch: box plus a 28 gap
GUTTER = 104  # left margin for the band labels
MARGIN = 8
CHANNEL = 72  # vertical gap above every row: bus, edge label (three lines), arrowhead
BUS = 12  # bus below the parent's bottom edge
PAD = 8
TAG_LH, NAME_LH, LABEL_LH = 15, 15, 15
BAND_PAD = 10
STACK_MIN, STACK_ROWS = 2, 3
TEXT_W, LABEL_W = BOX_W - 2 * PAD, BOX_W + 4  # widths text is wrapped to
NAME_LINES, TAG_LINES, LABEL_LINES = 3, 2, 3


@dataclass(frozen=True)
class ChartNode:
    """One body, as the chart needs it."""

    id: int
    name: str
    kind: str  # display label, e.g. "Finance group"
    level: str = "system"  # system | place | neighbourhood
    parent: int | None = None  # the body it reports to
    style: str = BODY  # body | joint (joint committee, committees in common) | external
    href: str = ""
    area: str = ""  # the place or neighbourhood served
    detail: str = ""  # e.g. the cadence
    delegation: str = ""  # what is delegated to it, labelling the connector into it

    @property
    def tag(self) -> str:
        return f"External: {self.kind}" if self.style == EXTERNAL else self.kind

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    kind: str  # tag | name | label


@dataclass(frozen=True)
class Box:
    node: ChartNode
    x: float
    y: float
    w: float
    h: float
    band: str
    texts: tuple[Text, ...]

    @property
    def inner(self) -> tuple[float, float, float, float]:
        """The second border of a joint committee or committees in common."""
        return (self.x + 4, self.y + 4, self.w - 8, self.h - 8)


@dataclass(frozen=True)
class Edge:
    """The connector into one body: from its parent's bus, or a stub from above for a root."""

    child: int
    parent: int | None
    d: str
    delegated: bool
    label: str
    texts: tuple[Text, ...]
    anchor: str  # text-anchor of the label lines: middle | start
    tip: tuple[float, float]  # where the connector meets the box
    heading: str  # the way it points there: down | right


@dataclass(frozen=True)
class Fan:
    """A parent's shared lines: its drop to the bus, the bus and any stack spines."""

    parent: int
    d: str


@dataclass(frozen=True)
class Band:
    level: str
    label: str
    y: float
    h: float

    @property
    def label_y(self) -> float:
        return self.y + 20


@dataclass(frozen=True)
class TreeItem:
    node: ChartNode
    children: tuple[TreeItem, ...]


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    bands: tuple[Band, ...]
    boxes: tuple[Box, ...]  # in reading order (depth first), as the list
    fans: tuple[Fan, ...]
    edges: tuple[Edge, ...]
    tree: tuple[TreeItem, ...]
    box_h: float

    @property
    def description(self) -> str:
        external = sum(b.node.style == EXTERNAL for b in self.boxes)
        joint = sum(b.node.style == JOINT for b in self.boxes)
        bands = ", ".join(b.label.lower() for b in self.bands)
        return (
            f"{len(self.boxes)} bodies in {len(self.bands)} level bands ({bands}), each joined "
            f"by a line to the body it reports to; {sum(e.delegated for e in self.edges)} "
            f"delegations are labelled arrows; {joint} joint committees or committees in common "
            f"have a double border and {external} external statutory bodies a dashed border. "
            "The list after the chart gives the same structure."
        )


def layout(nodes: Iterable[ChartNode]) -> Layout:
    """Place every body; raises ValueError on a repeated body or a reports-to cycle."""
    return _Planner(list(nodes)).plan()


@dataclass
class _Unit:
    members: list[ChartNode]
    stacked: bool


class _Planner:
    """One layout: bands, then columns and rows, then boxes and connectors, depth first."""

    def __init__(self, nodes: list[ChartNode]):
        self.by_id = {n.id: n for n in nodes}
        if len(self.by_id) != len(nodes):
            raise ValueError("Every body must appear once.")
        self.kids: dict[int | None, list[ChartNode]] = {}
        for n in nodes:
            self.kids.setdefault(n.parent if n.parent in self.by_id else None, []).append(n)
        self.band = self._effective_bands(nodes)
        for siblings in self.kids.values():
            siblings.sort(key=self._order)
        self.column: dict[int, float] = {}  # centre, in columns
        self.row: dict[int, int] = {}  # row within the band
        self.stacked: set[int] = set()
        self.columns = self._place(None, 0) if nodes else 0
        self.tags = {n.id: wrap(n.tag, TEXT_W, TAG_LINES, measure_small) for n in nodes}
        self.names = {n.id: wrap(n.name, TEXT_W, NAME_LINES, measure_name) for n in nodes}
        self.box_h = (
            2 * PAD
            + 3
            + max((len(t) for t in self.tags.values()), default=1) * TAG_LH
            + max((len(t) for t in self.names.values()), default=1) * NAME_LH
        )
        self.bands, self.band_top, bottom = self._band_geometry()
        self.height = bottom + MARGIN
        self.width = GUTTER + self.columns * COL + MARGIN
        self.boxes: list[Box] = []
        self.fans: list[Fan] = []
        self.edges: list[Edge] = []

    def plan(self) -> Layout:
        tree = self._walk(None)
        return Layout(
            self.width,
            self.height,
            tuple(self.bands),
            tuple(self.boxes),
            tuple(self.fans),
            tuple(self.edges),
            tree,
            self.box_h,
        )

    # Bands and order ------------------------------------------------------------------------------
    def _effective_bands(self, nodes: list[ChartNode]) -> dict[int, int]:
        """A body's band is its level's, or its parent's when that is lower; refuses cycles."""
        band: dict[int, int] = {}
        for n in nodes:
            path, current = [], n
            while current.id not in band:
                if current in path:
                    raise ValueError(f"Reports-to cycle through {current.name}.")
                path.append(current)
                parent = self.by_id.get(current.parent) if current.parent is not None else None
                if parent is None:
                    band[current.id] = LEVELS.index(current.level)
                    path.pop()
                    break
                current = parent
            for m in reversed(path):
                band[m.id] = max(LEVELS.index(m.level), band[self.by_id[m.parent].id])
        return band

    def _order(self, n: ChartNode):
        return (
            self.band[n.id],
            n.style == EXTERNAL,
            not self.kids.get(n.id),
            n.name.casefold(),
            n.id,
        )

    def _units(self, parent: int | None) -> list[_Unit]:
        """Children side by side, except childless siblings in one band: stacked in columns."""
        out: list[_Unit] = []
        for _, group in groupby(self.kids.get(parent, []), key=lambda n: self._order(n)[:2]):
            group = list(group)
            out += [_Unit([n], False) for n in group if self.kids.get(n.id)]
            leaves = [n for n in group if not self.kids.get(n.id)]
            if len(leaves) >= STACK_MIN:
                per = math.ceil(len(leaves) / math.ceil(len(leaves) / STACK_ROWS))
                out += [_Unit(leaves[i : i + per], True) for i in range(0, len(leaves), per)]
            else:
                out += [_Unit([n], False) for n in leaves]
        return out

    # Columns and rows -----------------------------------------------------------------------------
    def _first_row(self, parent: ChartNode | None, n: ChartNode) -> int:
        if parent is None or self.band[parent.id] != self.band[n.id]:
            return 0
        return self.row[parent.id] + 1

    def _place(self, parent: ChartNode | None, left: float) -> float:
        """Give every subtree a disjoint range of columns, its parent centred over it."""
        x = left
        for unit in self._units(parent.id if parent else None):
            if unit.stacked:
                for i, n in enumerate(unit.members):
                    self.column[n.id], self.row[n.id] = x + 0.5, self._first_row(parent, n) + i
                    self.stacked.add(n.id)
                x += 1
                continue
            n = unit.members[0]
            self.row[n.id] = self._first_row(parent, n)
            width = self._place(n, x) if self.kids.get(n.id) else 1
            self.column[n.id] = x + width / 2
            x += width
        return max(x - left, 1)

    def _band_geometry(self) -> tuple[list[Band], dict[int, float], float]:
        """Only the occupied bands, top to bottom, each tall enough for its rows."""
        bands: list[Band] = []
        band_top: dict[int, float] = {}
        y = MARGIN
        for index, level in enumerate(LEVELS):
            rows = [self.row[i] for i, b in self.band.items() if b == index]
            if not rows:
                continue
            height = (max(rows) + 1) * (self.box_h + CHANNEL) + BAND_PAD
            band_top[index] = y
            bands.append(Band(level, LEVEL_LABELS[level], y, height))
            y += height
        return bands, band_top, y

    def _left(self, n: ChartNode) -> float:
        return GUTTER + self.column[n.id] * COL - BOX_W / 2

    def _top(self, n: ChartNode) -> float:
        return self.band_top[self.band[n.id]] + CHANNEL + self.row[n.id] * (self.box_h + CHANNEL)

    def _spine(self, n: ChartNode) -> float:
        return GUTTER + (self.column[n.id] - 0.5) * COL

    # Boxes and connectors -------------------------------------------------------------------------
    def _walk(self, parent: ChartNode | None) -> tuple[TreeItem, ...]:
        self._draw_edges(parent)
        items = []
        for n in self.kids.get(parent.id if parent else None, []):
            self._draw_box(n)
            items.append(TreeItem(n, self._walk(n)))
        return tuple(items)

    def _draw_box(self, n: ChartNode) -> None:
        x, y0 = self._left(n), self._top(n)
        texts, cursor = [], y0 + PAD
        for line in self.tags[n.id]:
            cursor += TAG_LH
            texts.append(Text(x + PAD, cursor - 3, line, "tag"))
        cursor += 3
        for line in self.names[n.id]:
            cursor += NAME_LH
            texts.append(Text(x + PAD, cursor - 4, line, "name"))
        band = LEVELS[self.band[n.id]]
        self.boxes.append(Box(n, x, y0, BOX_W, self.box_h, band, tuple(texts)))

    def _label_texts(self, n: ChartNode, x: float) -> tuple[Text, ...]:
        lines = wrap(n.delegation, LABEL_W, LABEL_LINES, measure_small)
        base = self._top(n) - 12
        return tuple(
            Text(x, base - (len(lines) - 1 - i) * LABEL_LH, line, "label")
            for i, line in enumerate(lines)
        )

    def _draw_edges(self, parent: ChartNode | None) -> None:
        if parent is None:
            self._draw_root_stubs()
            return
        children = self.kids.get(parent.id, [])
        if not children:
            return
        px, bottom = self._left(parent) + BOX_W / 2, self._top(parent) + self.box_h
        bus = bottom + BUS
        xs, spines = [px], {}
        for n in children:
            if n.id in self.stacked:
                sx = self._spine(n)
                xs.append(sx)
                spines[sx] = max(spines.get(sx, 0), self._top(n) + self.box_h / 2)
            else:
                xs.append(self._left(n) + BOX_W / 2)
        d = f"M{px:g} {bottom:g}V{bus:g}M{min(xs):g} {bus:g}H{max(xs):g}"
        d += "".join(f"M{sx:g} {bus:g}V{end:g}" for sx, end in sorted(spines.items()))
        self.fans.append(Fan(parent.id, d))
        for n in children:
            self.edges.append(self._edge(n, parent, bus))

    def _draw_root_stubs(self) -> None:
        """Roots get a stub from above only when authority is delegated to them."""
        for n in self.kids.get(None, []):
            if n.delegation:
                cx, y0 = self._left(n) + BOX_W / 2, self._top(n)
                d = f"M{cx:g} {y0 - CHANNEL + BUS:g}V{y0:g}"
                texts = self._label_texts(n, cx)
                self.edges.append(
                    Edge(n.id, None, d, True, n.delegation, texts, "middle", (cx, y0), "down")
                )

    def _edge(self, n: ChartNode, parent: ChartNode, bus: float) -> Edge:
        """Down from the bus into the box, or across from a stack's spine into its side."""
        if n.id in self.stacked:
            mid, x = self._top(n) + self.box_h / 2, self._left(n)
            d = f"M{self._spine(n):g} {mid:g}H{x:g}"
            texts, anchor, tip, heading = self._label_texts(n, x), "start", (x, mid), "right"
        else:
            cx, y = self._left(n) + BOX_W / 2, self._top(n)
            d = f"M{cx:g} {bus:g}V{y:g}"
            texts, anchor, tip, heading = self._label_texts(n, cx), "middle", (cx, y), "down"
        delegated = bool(n.delegation)
        return Edge(n.id, parent.id, d, delegated, n.delegation, texts, anchor, tip, heading)
