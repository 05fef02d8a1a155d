"""The structure chart (S4): a system's bodies drawn as a reports-to tree in level bands.

``layout(nodes)`` (pure and deterministic) places ``ChartNode`` rows; ``draw`` turns the layout
into ``web.charts`` shapes drawn by ``web/_chart.html``, and the layout's ``tree`` is the same
structure as a list for the page.

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

Reports-to cycles are refused by the model (``rules.check_reports_to``); ``layout`` raises
``ValueError`` rather than loop if it is ever handed one.
"""

from engineroom.governance.structure_chart.drawing import delegation_label, draw
from engineroom.governance.structure_chart.layout import (
    BODY,
    EXTERNAL,
    JOINT,
    LEVELS,
    TEXT_W,
    ChartNode,
    Layout,
    TreeItem,
    layout,
)
from engineroom.governance.structure_chart.text import measure_name, measure_small, wrap

__all__ = [
    "BODY",
    "EXTERNAL",
    "JOINT",
    "LEVELS",
    "TEXT_W",
    "ChartNode",
    "Layout",
    "TreeItem",
    "delegation_label",
    "draw",
    "layout",
    "measure_name",
    "measure_small",
    "wrap",
]
