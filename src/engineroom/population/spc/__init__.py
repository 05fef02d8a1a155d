"""Statistical process control as Making Data Count does it: XmR charts with their special-cause
rules and icons. Pure numpy, no Django. See docs/spc.md."""

from engineroom.population.spc.result import (
    ASSURANCE_ICONS,
    POINT_TYPES,
    TRIAL_POINTS,
    VARIATION_ICONS,
    Improvement,
    Rule,
    SpcOptions,
    SpcPoint,
    SpcResult,
)
from engineroom.population.spc.xmr import xmr

__all__ = [
    "ASSURANCE_ICONS",
    "POINT_TYPES",
    "TRIAL_POINTS",
    "VARIATION_ICONS",
    "Improvement",
    "Rule",
    "SpcOptions",
    "SpcPoint",
    "SpcResult",
    "xmr",
]
