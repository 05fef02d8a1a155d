"""Which side, if any, each point's special cause is on: the rules of :mod:`.rules` applied in
Making Data Count's order (a point takes the first it meets), segment by segment so no run or
trend crosses a recalculation (as NHSRplotthedots groups by its rebase group)."""

from __future__ import annotations

import numpy as np

from engineroom.population.spc.limits import Limits
from engineroom.population.spc.result import Rule
from engineroom.population.spc.rules import (
    part_of_run,
    shift_marks,
    trend_direction,
    trend_marks,
    two_in_three,
)


def close_to_limits(
    values: np.ndarray, beyond: np.ndarray, upper: float, lower: float, *, rule: Rule
) -> np.ndarray:
    """The points that count towards two-of-three: beyond the 2-sigma band. MDC's November 2023
    rule counts points beyond the process limits too; NHSRplotthedots counts only the 2-3 sigma
    band."""
    outside_band = (values > upper) | (values < lower)
    return outside_band if rule == "mdc" else outside_band & ~beyond


def segment_sides(values: np.ndarray, limits: Limits, at: int, *, rule: Rule) -> np.ndarray:
    """+1 (high), -1 (low) or 0 (common cause) for one segment's values; ``at`` is the index of
    the segment's first point, where its (constant) limits are read."""
    mean, upl, lpl = limits.mean[at], limits.upl[at], limits.lpl[at]
    on_mean = np.isclose(values, mean, rtol=1e-12, atol=1e-12)  # rounding is not a side
    signs = np.where(on_mean, 0, np.sign(values - mean)).astype(int)
    beyond = ((values > upl) | (values < lpl)) & ~on_mean
    if limits.zero_width[at]:
        close = np.zeros(values.size, dtype=bool)  # no band: two-of-three cannot apply
    else:
        upper, lower = limits.upper_two_sigma[at], limits.lower_two_sigma[at]
        close = close_to_limits(values, beyond, upper, lower, rule=rule)
    trending, direction = trend_direction(values, trend_marks(values))
    paired = close & two_in_three(close, signs)
    shifted = part_of_run(shift_marks(signs) != 0)
    # The first rule a point meets wins: apply them last to first so earlier ones overwrite.
    sides = np.where(shifted | paired, signs, 0)
    sides[trending] = direction[trending]
    sides[beyond] = signs[beyond]
    return sides


def point_sides(
    values: np.ndarray, limits: Limits, bounds: list[tuple[int, int]], *, rule: Rule
) -> np.ndarray:
    """The side of every point of the series, each segment judged on its own."""
    sides = np.zeros(values.size, dtype=int)
    for start, stop in bounds:
        sides[start:stop] = segment_sides(values[start:stop], limits, start, rule=rule)
    return sides
