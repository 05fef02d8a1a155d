"""The XmR chart of one series: :func:`xmr` is the engine's entry point."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from engineroom.population.spc.icons import assurance_icon, variation_icon
from engineroom.population.spc.limits import process_limits, segments
from engineroom.population.spc.result import SpcOptions, SpcPoint, SpcResult
from engineroom.population.spc.special_cause import point_sides

_SIDE = {1: "high", -1: "low", 0: ""}
_TYPE = {
    "increase": {1: "special_cause_improvement", -1: "special_cause_concern"},
    "decrease": {1: "special_cause_concern", -1: "special_cause_improvement"},
    "neutral": {1: "special_cause_neutral_high", -1: "special_cause_neutral_low"},
}


def xmr(
    values: Sequence[float],
    *,
    target: Sequence[float | None] | float | None = None,
    options: SpcOptions = SpcOptions(),  # frozen: one shared default is safe
    rebase_at: Sequence[int] = (),
) -> SpcResult:
    """An XmR chart as Making Data Count draws it. ``values`` are in time order; ``target`` is one
    number for every point or one per point (None where there is none); ``rebase_at`` are the
    indices where a recalculation starts a new segment (0 is implicit)."""
    y = _checked(values, options)
    targets = _targets(target, y.size)
    bounds = segments(y.size, rebase_at)
    limits = process_limits(y, bounds, screen=options.screen, fix_after=options.fix_after)
    sides = point_sides(y, limits, bounds, rule=options.rule).tolist()
    types = _TYPE[options.improvement]
    columns = zip(
        y.tolist(),
        limits.mean.tolist(),
        limits.upl.tolist(),
        limits.lpl.tolist(),
        limits.upper_two_sigma.tolist(),
        limits.lower_two_sigma.tolist(),
        sides,
        limits.segment.tolist(),
        limits.trial.tolist(),
        limits.zero_width.tolist(),
        targets,
        strict=True,
    )
    points = tuple(
        SpcPoint(i, v, m, u, lo, u2, l2, types.get(s, "common_cause"), _SIDE[s], g, t, z, tg)
        for i, (v, m, u, lo, u2, l2, s, g, t, z, tg) in enumerate(columns)
    )
    return SpcResult(points, options, *_icons(points, options))


def _icons(points: tuple[SpcPoint, ...], options: SpcOptions) -> tuple[str | None, str | None]:
    if not points:
        return None, None
    last = points[-1]
    assurance = assurance_icon(
        target=last.target, upl=last.upl, lpl=last.lpl, improvement=options.improvement
    )
    return variation_icon(last.point_type, last.side), assurance


def _checked(values: Sequence[float], options: SpcOptions) -> np.ndarray:
    """The values as floats; missing or infinite values and a baseline of one point are refused
    (a single point has no moving range, so it cannot fix the limits of what follows)."""
    y = np.asarray(values, dtype=float).reshape(-1)
    if not np.isfinite(y).all():
        raise ValueError("values must be finite numbers (no missing values)")
    if options.fix_after is not None and options.fix_after < 2:
        raise ValueError(f"fix_after={options.fix_after}: a baseline needs at least 2 points")
    if options.improvement not in _TYPE or options.rule not in ("mdc", "ptd"):
        raise ValueError(f"improvement={options.improvement!r}, rule={options.rule!r}: unknown")
    return y


def _targets(target: Sequence[float | None] | float | None, n: int) -> list[float | None]:
    """One target (or None) per point; a NaN (an empty cell read by pandas) is no target."""
    if target is None or np.ndim(target) == 0:
        listed = [target] * n
    else:
        listed = list(target)
        if len(listed) != n:
            raise ValueError(f"target has {len(listed)} values for {n} points")
    return [None if t is None or math.isnan(t) else float(t) for t in listed]
