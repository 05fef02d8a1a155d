"""Drawings with their own layout (a structure tree, a dependency map), drawn as charts."""

from __future__ import annotations

from engineroom.web.charts.shapes import Chart, Shape, Table


def diagram(
    title: str,
    width: float,
    height: float,
    shapes: list[Shape],
    *,
    table: Table | None = None,
    description: str = "",
) -> Chart:
    """A drawing with its own layout (a structure tree, a dependency map).

    A shape with ``href`` is a link named by its ``tip``; ``description`` says in words what the
    drawing shows.
    """
    interactive = any(s.href for s in shapes)
    return Chart(
        title, width, height, shapes, table=table, interactive=interactive, description=description
    )
