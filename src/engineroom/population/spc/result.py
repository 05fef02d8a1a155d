"""What an XmR chart says: the options it was drawn with, each point's limits and type, and the
two icons of the series (Making Data Count's variation and assurance)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Improvement = Literal["increase", "decrease", "neutral"]
Rule = Literal["mdc", "ptd"]

POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
VARIATION_ICONS = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
ASSURANCE_ICONS = ("consistent_pass", "consistent_fail", "inconsistent")
TRIAL_POINTS = 12  # fewer points than this in a baseline: the limits are trial limits


@dataclass(frozen=True)
class SpcOptions:
    """How to draw the chart. The defaults are the Making Data Count tools': no screening of large
    moving ranges, and the November 2023 two-of-three rule (points beyond 3 sigma count)."""

    improvement: Improvement = "neutral"
    screen: bool = False  # NHSRplotthedots screens moving ranges >= 3.267 x AMR by default
    fix_after: int | None = None  # the baseline is the first n points of each segment
    rule: Rule = "mdc"


@dataclass(frozen=True)
class SpcPoint:
    index: int
    value: float
    mean: float
    upl: float  # upper process limit (3 sigma)
    lpl: float
    upper_two_sigma: float
    lower_two_sigma: float
    point_type: str  # one of POINT_TYPES
    side: Literal["high", "low", ""]  # which side the special cause is on ("" for common cause)
    segment: int  # 0, then 1 after the first recalculation, ...
    trial: bool  # the segment's baseline has fewer than TRIAL_POINTS points
    zero_width: bool  # every moving range of the baseline is 0: the limits equal the mean
    target: float | None = None


@dataclass(frozen=True)
class SpcResult:
    points: tuple[SpcPoint, ...]
    options: SpcOptions
    variation_icon: str | None  # one of VARIATION_ICONS; None for an empty series
    assurance_icon: str | None  # one of ASSURANCE_ICONS; None without a target or a direction

    @property
    def special_causes(self) -> tuple[SpcPoint, ...]:
        return tuple(p for p in self.points if p.point_type != "common_cause")
