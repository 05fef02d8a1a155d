"""Making Data Count's two icons for templates: ``{% load spc %}``, then
``{% with icon=variation_icon|spc_variation %}`` (and ``spc_assurance``) gives what
``web/_spc_icons.html`` draws: the words, the colour, the letter and the arrow of each icon.

The words come from ``web.charts.spc`` so the icons, the chart's description and the oversight pages
say the same thing; the letter and arrow repeat the meaning in shape, never colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from engineroom.web.charts.spc import (
    ASSURANCE_TEXT,
    CONCERN,
    IMPROVEMENT,
    LINE_GREY,
    NEUTRAL,
    VARIATION_TEXT,
)

register = template.Library()

COLOURS = {"common": LINE_GREY, "improvement": IMPROVEMENT, "concern": CONCERN, "neutral": NEUTRAL}
# The icons' rims use darker shades where MDC's light blue and orange are too faint on white.
RIMS = {IMPROVEMENT: "#005eb8", CONCERN: "#a35f00"}
ASSURANCE_PARTS = {
    "consistent_pass": (IMPROVEMENT, "P"),
    "consistent_fail": (CONCERN, "F"),
    "inconsistent": (LINE_GREY, "?"),
}


@dataclass(frozen=True)
class Icon:
    key: str
    text: str
    colour: str  # the rim and letter
    letter: str  # "H", "L", "P", "F", "?"; "" for common cause (drawn as a level wavy line)
    arrow: str  # "up", "down" or ""


@register.filter
def spc_variation(key: str | None) -> Icon | None:
    """The variation icon of ``key`` (one of ``VARIATION_TEXT``); ``None`` for no key."""
    if not key:
        return None
    if key == "common_cause":
        return Icon(key, VARIATION_TEXT[key], LINE_GREY, "", "")
    kind, side = key.rsplit("_", 1)
    colour = COLOURS[kind]
    letter, arrow = ("H", "up") if side == "high" else ("L", "down")
    return Icon(key, VARIATION_TEXT[key], RIMS.get(colour, colour), letter, arrow)


@register.filter
def spc_assurance(key: str | None) -> Icon | None:
    """The assurance icon of ``key`` (one of ``ASSURANCE_TEXT``); ``None`` without a target."""
    if not key:
        return None
    colour, letter = ASSURANCE_PARTS[key]
    return Icon(key, ASSURANCE_TEXT[key], RIMS.get(colour, colour), letter, "")
