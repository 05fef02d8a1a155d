"""The one charts package: every server-side SVG chart, with axes, ticks, units, legend and title.

A builder turns numbers into a ``Chart`` of plain shapes; ``web/_chart.html`` draws any chart,
followed by a table of the same numbers (``chart.table``) so nobody has to read values off bars.
Values arrive as numbers; the caller passes the text to show for each (from ``web.formatting``).
Diagrams that are not charts (a structure tree, a dependency map) use ``diagram`` with their own
layout, and are drawn by the same template.
"""

from __future__ import annotations

from engineroom.web.charts.bars import (
    Bar,
    bar_chart,
    column_chart,
    grouped_bar_chart,
    stacked_bar_chart,
)
from engineroom.web.charts.diagram import diagram
from engineroom.web.charts.funnel import FunnelLimits, FunnelPoint, funnel_chart
from engineroom.web.charts.lines import Series, line_chart
from engineroom.web.charts.scatter import pyramid, scatter_chart
from engineroom.web.charts.shapes import (
    AXIS_LABEL_CLASS,
    BLUE,
    CHAR_WIDTH,
    FONT,
    GREEN,
    GREY,
    INK,
    LABEL_WIDTH,
    PALETTE,
    PLOT_WIDTH,
    RED,
    ROW,
    TICK_CLASS,
    Chart,
    Shape,
    Table,
    axis_name,
    bounds,
    label_room,
    line,
    nice_ticks,
    plain,
    rect,
    text,
    text_width,
    x_axis,
    y_axis,
)
from engineroom.web.charts.spc import ASSURANCE_TEXT, VARIATION_TEXT, spc_chart
from engineroom.web.charts.tiles import Tile, TileRow, tile_map
from engineroom.web.charts.timeline import STATUS_MARKS, TimelineRow, timeline_chart

shape = Shape
_text, _line, _rect, _plain, _x_axis = text, line, rect, plain, x_axis

__all__ = [
    "ASSURANCE_TEXT",
    "AXIS_LABEL_CLASS",
    "BLUE",
    "CHAR_WIDTH",
    "FONT",
    "GREEN",
    "GREY",
    "INK",
    "LABEL_WIDTH",
    "PALETTE",
    "PLOT_WIDTH",
    "RED",
    "ROW",
    "STATUS_MARKS",
    "TICK_CLASS",
    "VARIATION_TEXT",
    "Bar",
    "Chart",
    "FunnelLimits",
    "FunnelPoint",
    "Series",
    "Shape",
    "Table",
    "Tile",
    "TileRow",
    "TimelineRow",
    "axis_name",
    "bar_chart",
    "bounds",
    "column_chart",
    "diagram",
    "funnel_chart",
    "grouped_bar_chart",
    "label_room",
    "line",
    "line_chart",
    "nice_ticks",
    "plain",
    "pyramid",
    "rect",
    "scatter_chart",
    "shape",
    "spc_chart",
    "stacked_bar_chart",
    "text",
    "text_width",
    "tile_map",
    "timeline_chart",
    "x_axis",
    "y_axis",
]
