"""Making Data Count's two icons for a series: variation (what its last point says) and
assurance (whether the process, as it is now, will meet its target)."""

from __future__ import annotations

from engineroom.population.spc.result import Improvement

_POINT_ICON = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "neutral",
    "special_cause_neutral_low": "neutral",
}


def variation_icon(point_type: str, side: str) -> str:
    """The variation icon of a series from its last point: common cause, or the kind of special
    cause and the side it is on (improvement_high when higher is better and the point is high)."""
    kind = _POINT_ICON.get(point_type)
    return f"{kind}_{side}" if kind else "common_cause"


def assurance_icon(
    *, target: float | None, upl: float, lpl: float, improvement: Improvement
) -> str | None:
    """Whether the current limits lie wholly on one side of the target. It needs a target and a
    direction: a neutral measure or one without a target has no assurance icon."""
    if target is None or improvement == "neutral":
        return None
    if target > upl:  # every point the process will produce is below the target
        return "consistent_fail" if improvement == "increase" else "consistent_pass"
    if target < lpl:  # every point will be above it
        return "consistent_pass" if improvement == "increase" else "consistent_fail"
    return "inconsistent"
