"""XmR process limits, segment by segment: the mean and average moving range of each segment's
baseline, optionally screened, and the limits and 2-sigma band they give.

The constants are Making Data Count's (and NHSRplotthedots v0.2.2's): 2.66 is 3 / d2 (d2 = 1.128
for moving ranges of two), the close band is two thirds of it, and 3.267 (D4 for n = 2) is the
upper range limit above which a moving range is screened out when screening is on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engineroom.population.spc.result import TRIAL_POINTS

LIMIT = 2.66  # 3 sigma, as a multiple of the average moving range
CLOSE = LIMIT * 2 / 3  # 2 sigma: written so 1.77333... comes out exactly as two thirds of 2.66
SCREEN = 3.267  # moving ranges at or above this multiple of the AMR are screened out


@dataclass(frozen=True)
class Baseline:
    """What one segment's baseline gives: its mean and AMR, and how many points it had."""

    mean: float
    amr: float
    points: int

    @property
    def zero_width(self) -> bool:
        """No variation left in the baseline: the limits collapse onto the mean."""
        return self.amr == 0.0


@dataclass(frozen=True)
class Limits:
    """Per point (arrays of the series' length): the limits in force and the segment's flags."""

    mean: np.ndarray
    upl: np.ndarray
    lpl: np.ndarray
    upper_two_sigma: np.ndarray
    lower_two_sigma: np.ndarray
    segment: np.ndarray
    trial: np.ndarray
    zero_width: np.ndarray


def segments(n: int, rebase_at: Sequence[int]) -> list[tuple[int, int]]:
    """(start, stop) of each segment. Index 0 is always a start; duplicates collapse; an index
    outside the series is a caller's mistake, so it is refused rather than ignored."""
    starts = sorted({0, *(int(i) for i in rebase_at)})
    if n and (starts[0] < 0 or starts[-1] >= n):
        raise ValueError(f"rebase_at {list(rebase_at)}: indices must be within 0..{n - 1}")
    stops = [*starts[1:], n]
    return list(zip(starts, stops, strict=True)) if n else []


def baseline(values: np.ndarray, *, screen: bool) -> Baseline:
    """Mean and AMR of a baseline. With screening, moving ranges >= 3.267 x AMR are dropped and
    the AMR recomputed once (NHSRplotthedots). A one-point baseline has no moving range: its AMR
    is taken as 0 (a zero-width band) rather than left undefined as NHSRplotthedots leaves it."""
    ranges = np.abs(np.diff(values))
    amr = float(ranges.mean()) if ranges.size else 0.0
    if screen and amr > 0:
        amr = float(ranges[ranges < SCREEN * amr].mean())
    # A flat baseline's mean is its value exactly: the floating-point mean of 13 x 68.4 is not,
    # and every point would then sit "beyond" a zero-width band on one side.
    flat = values.size and bool(np.all(values == values[0]))
    mean = float(values[0]) if flat else float(values.mean())
    return Baseline(mean=mean, amr=amr, points=int(values.size))


def process_limits(
    values: np.ndarray, bounds: list[tuple[int, int]], *, screen: bool, fix_after: int | None
) -> Limits:
    """The limits of every point: each segment's baseline is the whole segment or its first
    ``fix_after`` points; the later points of the segment are judged against those limits."""
    n = values.size
    mean, amr = np.empty(n), np.empty(n)
    segment, trial = np.empty(n, dtype=int), np.empty(n, dtype=bool)
    for number, (start, stop) in enumerate(bounds):
        end = stop if fix_after is None else min(stop, start + fix_after)
        base = baseline(values[start:end], screen=screen)
        mean[start:stop], amr[start:stop] = base.mean, base.amr
        segment[start:stop], trial[start:stop] = number, base.points < TRIAL_POINTS
    return Limits(
        mean=mean,
        upl=mean + LIMIT * amr,
        lpl=mean - LIMIT * amr,
        upper_two_sigma=mean + CLOSE * amr,
        lower_two_sigma=mean - CLOSE * amr,
        segment=segment,
        trial=trial,
        zero_width=amr == 0.0,
    )
