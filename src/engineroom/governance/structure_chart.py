"""The structure chart (S4): a system's bodies drawn as a reports-to tree in level bands.

Pure and deterministic: ``layout(nodes)`` turns ``ChartNode`` rows into positioned boxes, connector
paths and wrapped text, which ``governance/_chart.html`` renders as inline SVG (no client-side
script: the Content-Security-Policy forbids it).

How it is laid out:

- Levels are horizontal bands (system, place, neighbourhood), drawn only when occupied. A body sits
  in the band of its level, or in its parent's band when it reports to a body of a lower level, so
  a child is always drawn below its parent.
- Every subtree owns a disjoint range of columns and its parent is centred over that range.
  Connectors are orthogonal: down from the parent to a bus just beneath it, along the bus, then down
  to the child (or, for a stack, down a spine at the stack column's left edge and across into each
  box). So no connector crosses a box or another parent's bus, even when it drops into a lower band.
- Two or more childless siblings in the same band are stacked in columns of at most
  ``STACK_ROWS`` rather than spread side by side, which keeps the chart narrow enough for A4
  landscape.
- Text is wrapped to the box (or column) width by an estimate of glyph widths; whatever does not fit
  ends in an ellipsis, and the full text is in each element's ``<title>`` and in the list.

Reports-to cycles are refused by the model (``services.check_reports_to``); ``layout`` raises
``ValueError`` rather than loop if it is ever handed one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

LEVELS = ("system", "place", "neighbourhood")
LEVEL_LABELS = {"system": "System", "place": "Place", "neighbourhood": "Neighbourhood"}

BODY, JOINT, EXTERNAL = "body", "joint", "external"

# Geometry, in SVG user units (px at 100%).
BOX_W = 196
COL = 224  # column pitch: box plus a 28 gap
GUTTER = 104  # left margin for the band labels
MARGIN = 8
CHANNEL = 60  # vertical gap above every row: bus, edge label, arrowhead
BUS = 12  # bus below the parent's bottom edge
PAD = 8
TAG_LH, NAME_LH, LABEL_LH = 12, 15, 12
BAND_PAD = 10
STACK_MIN, STACK_ROWS = 2, 3
NAME_SIZE, SMALL_SIZE = 12.5, 10  # font sizes: names (bold); type tags and edge labels
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
class Chart:
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


_NARROW = frozenset(" ijlI.,:;'|!()[]")
_SEMI = frozenset("frtJ-/")
_WIDE = frozenset("mwMW…")


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An estimate of ``text``'s width in px: Arial's proportions, with room for a wider fallback."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.28
        elif ch in _SEMI:
            em += 0.36
        elif ch in _WIDE:
            em += 0.9
        elif ch.isupper():
            em += 0.7
        else:
            em += 0.56
    return em * size * (1.08 if bold else 1.0) * 1.1


def measure_name(text: str) -> float:
    return text_width(text, NAME_SIZE, bold=True)


def measure_small(text: str) -> float:
    return text_width(text, SMALL_SIZE)


def wrap(text: str, width: float, lines: int, measure: Callable[[str], float] = len) -> list[str]:
    """Greedy word wrap to ``width`` (in ``measure``'s units), at most ``lines`` lines.

    A word too long for a line is broken with a hyphen; text beyond the last line is cut and the
    last line ends in '…'.
    """
    out: list[str] = []
    current = ""
    for word in text.split():
        while measure(word) > width:
            if current:
                out.append(current)
                current = ""
            cut = len(word) - 1
            while cut > 1 and measure(word[:cut] + "-") > width:
                cut -= 1
            out.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        last = out[lines - 1]
        while last and measure(last + "…") > width:
            last = last[:-1]
        out = [*out[: lines - 1], last.rstrip() + "…"]
    return out


def short_money(pence: int) -> str:
    """``£10m``, ``£2.5m``, ``£100k``, ``£750`` for edge labels."""
    pounds = pence / 100
    for size, suffix in ((1_000_000, "m"), (1_000, "k")):
        if pounds >= size:
            return f"£{pounds / size:,.2f}".rstrip("0").rstrip(".") + suffix
    return f"£{pounds:,.2f}".rstrip("0").rstrip(".")


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
        parts.append(f"{prefix}{what} up to {short_money(limit)}")
    return "; ".join(parts)


@dataclass
class _Unit:
    members: list[ChartNode]
    stacked: bool


def layout(nodes: Iterable[ChartNode]) -> Chart:
    nodes = list(nodes)
    by_id = {n.id: n for n in nodes}
    if len(by_id) != len(nodes):
        raise ValueError("Every body must appear once.")
    kids: dict[int | None, list[ChartNode]] = {}
    for n in nodes:
        kids.setdefault(n.parent if n.parent in by_id else None, []).append(n)

    band: dict[int, int] = {}
    for n in nodes:  # effective band, refusing cycles
        path, current = [], n
        while current.id not in band:
            if current in path:
                raise ValueError(f"Reports-to cycle through {current.name}.")
            path.append(current)
            parent = by_id.get(current.parent) if current.parent is not None else None
            if parent is None:
                band[current.id] = LEVELS.index(current.level)
                path.pop()
                break
            current = parent
        for m in reversed(path):
            up = band[by_id[m.parent].id]
            band[m.id] = max(LEVELS.index(m.level), up)

    def order(n: ChartNode):
        return (band[n.id], n.style == EXTERNAL, not kids.get(n.id), n.name.casefold(), n.id)

    for siblings in kids.values():
        siblings.sort(key=order)

    def units(parent: int | None) -> list[_Unit]:
        out: list[_Unit] = []
        for _, group in groupby(kids.get(parent, []), key=lambda n: order(n)[:2]):
            group = list(group)
            out += [_Unit([n], False) for n in group if kids.get(n.id)]
            leaves = [n for n in group if not kids.get(n.id)]
            if len(leaves) >= STACK_MIN:
                per = math.ceil(len(leaves) / math.ceil(len(leaves) / STACK_ROWS))
                out += [_Unit(leaves[i : i + per], True) for i in range(0, len(leaves), per)]
            else:
                out += [_Unit([n], False) for n in leaves]
        return out

    column: dict[int, float] = {}  # centre, in columns
    row: dict[int, int] = {}  # row within the band
    stacked: set[int] = set()

    def first_row(parent: ChartNode | None, n: ChartNode) -> int:
        if parent is None or band[parent.id] != band[n.id]:
            return 0
        return row[parent.id] + 1

    def place(parent: ChartNode | None, left: float) -> float:
        x = left
        for unit in units(parent.id if parent else None):
            if unit.stacked:
                for i, n in enumerate(unit.members):
                    column[n.id], row[n.id] = x + 0.5, first_row(parent, n) + i
                    stacked.add(n.id)
                x += 1
                continue
            n = unit.members[0]
            row[n.id] = first_row(parent, n)
            width = place(n, x) if kids.get(n.id) else 1
            column[n.id] = x + width / 2
            x += width
        return max(x - left, 1)

    columns = place(None, 0) if nodes else 0

    # Box height from the longest wrapped texts.
    tags = {n.id: wrap(n.tag, TEXT_W, TAG_LINES, measure_small) for n in nodes}
    names = {n.id: wrap(n.name, TEXT_W, NAME_LINES, measure_name) for n in nodes}
    box_h = 2 * PAD + 3
    box_h += max((len(t) for t in tags.values()), default=1) * TAG_LH
    box_h += max((len(t) for t in names.values()), default=1) * NAME_LH

    # Bands: only those occupied, top to bottom.
    bands: list[Band] = []
    band_top: dict[int, float] = {}
    y = MARGIN
    for index, level in enumerate(LEVELS):
        rows = [row[i] for i, b in band.items() if b == index]
        if not rows:
            continue
        height = (max(rows) + 1) * (box_h + CHANNEL) + BAND_PAD
        band_top[index] = y
        bands.append(Band(level, LEVEL_LABELS[level], y, height))
        y += height
    height = y + MARGIN
    width = GUTTER + columns * COL + MARGIN

    def left(n):
        return GUTTER + column[n.id] * COL - BOX_W / 2

    def top(n):
        return band_top[band[n.id]] + CHANNEL + row[n.id] * (box_h + CHANNEL)

    def spine(n):
        return GUTTER + (column[n.id] - 0.5) * COL

    boxes: list[Box] = []
    fans: list[Fan] = []
    edges: list[Edge] = []

    def draw_box(n: ChartNode) -> None:
        x, y0 = left(n), top(n)
        texts, cursor = [], y0 + PAD
        for line in tags[n.id]:
            cursor += TAG_LH
            texts.append(Text(x + PAD, cursor - 3, line, "tag"))
        cursor += 3
        for line in names[n.id]:
            cursor += NAME_LH
            texts.append(Text(x + PAD, cursor - 4, line, "name"))
        boxes.append(Box(n, x, y0, BOX_W, box_h, LEVELS[band[n.id]], tuple(texts)))

    def label_texts(n: ChartNode, x: float) -> tuple[Text, ...]:
        lines = wrap(n.delegation, LABEL_W, LABEL_LINES, measure_small)
        base = top(n) - 12
        return tuple(
            Text(x, base - (len(lines) - 1 - i) * LABEL_LH, line, "label")
            for i, line in enumerate(lines)
        )

    def draw_edges(parent: ChartNode | None) -> None:
        children = kids.get(parent.id if parent else None, [])
        if parent is None:  # roots: a stub from above only when authority is delegated to them
            for n in children:
                if n.delegation:
                    cx, y0 = left(n) + BOX_W / 2, top(n)
                    d = f"M{cx:g} {y0 - CHANNEL + BUS:g}V{y0:g}"
                    edges.append(
                        Edge(n.id, None, d, True, n.delegation, label_texts(n, cx), "middle")
                    )
            return
        px, bottom = left(parent) + BOX_W / 2, top(parent) + box_h
        bus = bottom + BUS
        xs, spines = [px], {}
        for n in children:
            if n.id in stacked:
                sx = spine(n)
                xs.append(sx)
                spines[sx] = max(spines.get(sx, 0), top(n) + box_h / 2)
            else:
                xs.append(left(n) + BOX_W / 2)
        if not children:
            return
        d = f"M{px:g} {bottom:g}V{bus:g}M{min(xs):g} {bus:g}H{max(xs):g}"
        d += "".join(f"M{sx:g} {bus:g}V{end:g}" for sx, end in sorted(spines.items()))
        fans.append(Fan(parent.id, d))
        for n in children:
            delegated = bool(n.delegation)
            if n.id in stacked:
                mid = top(n) + box_h / 2
                d = f"M{spine(n):g} {mid:g}H{left(n):g}"
                texts, anchor = label_texts(n, left(n)), "start"
            else:
                cx = left(n) + BOX_W / 2
                d = f"M{cx:g} {bus:g}V{top(n):g}"
                texts, anchor = label_texts(n, cx), "middle"
            edges.append(Edge(n.id, parent.id, d, delegated, n.delegation, texts, anchor))

    def walk(parent: ChartNode | None) -> tuple[TreeItem, ...]:
        draw_edges(parent)
        items = []
        for n in kids.get(parent.id if parent else None, []):
            draw_box(n)
            items.append(TreeItem(n, walk(n)))
        return tuple(items)

    tree = walk(None)
    return Chart(width, height, tuple(bands), tuple(boxes), tuple(fans), tuple(edges), tree, box_h)
