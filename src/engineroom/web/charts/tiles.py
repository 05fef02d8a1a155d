"""A tile map: one row per area (a place), one tile per part of it (its neighbourhoods), each
tile filled by its status *and* labelled with it in words, so status never rests on colour.

Equal tiles rather than boundaries: neighbourhoods differ in size so much that a true map hides
the small ones, and the question a tile map answers (which parts have it, which have not) does
not depend on area. The table under it gives the same statuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engineroom.web.charts.shapes import (
    FONT,
    INK,
    Chart,
    Shape,
    Table,
    label_room,
    rect,
    text,
    text_width,
)

TILE_HEIGHT, GAP, PAD_X = 46, 6, 8
LEAST_TILE_WIDTH = 110


@dataclass(frozen=True)
class Tile:
    label: str  # the part's name, e.g. a neighbourhood
    status: str  # its status in words
    fill: str  # its status colour (pale enough for ink text on it)
    stroke: str = INK


@dataclass(frozen=True)
class TileRow:
    label: str  # the area's name, e.g. a place
    tiles: Sequence[Tile]


def tile_map(
    title: str,
    rows: Sequence[TileRow],
    *,
    legend: Sequence[tuple[str, str]],
    columns: int = 5,
    headers: tuple[str, str, str] = ("Area", "Part", "Status"),
) -> Chart:
    """Rows of tiles, at most ``columns`` a line; ``legend`` is (status words, fill)."""
    tiles = [t for r in rows for t in r.tiles]
    width = max([LEAST_TILE_WIDTH, *(_tile_width(t) for t in tiles)])
    left = label_room([r.label for r in rows])
    shapes: list[Shape] = []
    y = 0.0
    for row in rows:
        shapes.append(text(0, y + TILE_HEIGHT / 2 + FONT / 3, row.label, weight="bold"))
        lines = [row.tiles[i : i + columns] for i in range(0, len(row.tiles), columns)] or [[]]
        for line in lines:
            for i, tile in enumerate(line):
                shapes += _tile(left + i * (width + GAP), y, width, tile)
            y += TILE_HEIGHT + GAP
        y += GAP
    if not tiles:
        shapes.append(text(left, FONT, "Nothing to show"))
    chart = Chart(title, 0, 0, shapes, list(legend), _table(title, rows, headers))
    chart.description = _describe(rows)
    return chart.fit()


def _tile_width(tile: Tile) -> float:
    return max(text_width(tile.label, bold=True), text_width(tile.status)) + 2 * PAD_X


def _tile(x: float, y: float, width: float, tile: Tile) -> list[Shape]:
    box = rect(x, y, width, TILE_HEIGHT, tile.fill, tip=f"{tile.label}: {tile.status}")
    box = Shape("rect", {**box.attrs, "stroke": tile.stroke, "stroke-width": 2}, tip=box.tip)
    return [
        box,
        text(x + PAD_X, y + 19, tile.label, weight="bold"),
        text(x + PAD_X, y + 37, tile.status),
    ]


def _table(title: str, rows: Sequence[TileRow], headers: tuple[str, str, str]) -> Table:
    body = [[r.label, t.label, t.status] for r in rows for t in r.tiles]
    return Table(title, list(headers), body)


def _describe(rows: Sequence[TileRow]) -> str:
    """Per area, how many parts have each status, in words."""
    said = []
    for row in rows:
        counts: dict[str, int] = {}
        for tile in row.tiles:
            counts[tile.status] = counts.get(tile.status, 0) + 1
        parts = ", ".join(f"{n} {status.lower()}" for status, n in counts.items())
        said.append(f"{row.label}: {parts or 'none'}")
    return "; ".join(said) + "."
