"""The Making Data Count special-cause rules as small pure functions over one segment.

Each helper is stated as REFERENCE.md states its unit vectors (and as NHSRplotthedots v0.2.2's
helpers behave): the *mark* functions put a mark on the point that completes a run (the 7th of
a trend or shift) and :func:`part_of_run` spreads it back over the run, so every point of a run of
7 or more is flagged. Windows are counted with ``np.convolve`` so a series costs a few array
operations, not a loop per point."""

from __future__ import annotations

import numpy as np

RUN = 7  # points in a trend or a shift
_ONES = {width: np.ones(width, dtype=int) for width in (3, RUN - 1, RUN)}


def _window_counts(flags: np.ndarray, width: int) -> np.ndarray:
    """For each index i >= width - 1: how many of flags[i - width + 1 .. i] are set."""
    return np.convolve(flags.astype(int), _ONES[width], mode="valid")


def trend_marks(values: np.ndarray) -> np.ndarray:
    """+1 on a point that ends 7 points each strictly higher than the one before, -1 for
    strictly lower; 0 elsewhere. A tie breaks the trend (1,2,3,3,4,5,6 marks nothing)."""
    values = np.asarray(values, dtype=float)
    marks = np.zeros(values.size, dtype=int)
    if values.size < RUN:
        return marks
    steps = np.sign(np.diff(values))
    rising = _window_counts(steps == 1, RUN - 1) == RUN - 1
    falling = _window_counts(steps == -1, RUN - 1) == RUN - 1
    marks[RUN - 1 :] = rising.astype(int) - falling.astype(int)
    return marks


def shift_marks(signs: np.ndarray) -> np.ndarray:
    """The side (+1 above, -1 below) on every point that is the 7th or later of a run on one
    side of the mean; a point on the mean (sign 0) breaks the run."""
    signs = np.asarray(signs, dtype=int)
    marks = np.zeros(signs.size, dtype=int)
    if signs.size < RUN:
        return marks
    above = _window_counts(signs == 1, RUN) == RUN
    below = _window_counts(signs == -1, RUN) == RUN
    marks[RUN - 1 :] = above.astype(int) - below.astype(int)
    return marks


def part_of_run(marked: np.ndarray) -> np.ndarray:
    """True where this point or one of the next 6 is marked: the whole run a mark completes."""
    marked = np.asarray(marked, dtype=bool)
    if not marked.size:
        return marked
    return np.convolve(marked.astype(int), _ONES[RUN])[RUN - 1 :][: marked.size] > 0


def two_in_three(close: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """True for every point of a window of three consecutive points in which at least two are
    close to a limit and all three are on the same side of the mean (none on it). The engine
    flags only the close points of such windows."""
    close = np.asarray(close, dtype=int)
    signs = np.asarray(signs, dtype=int)
    if not close.size:
        return close.astype(bool)
    three = _ONES[3]
    # Windows ending at k = 0 .. n+1 (the ones hanging over an end have zeros there).
    qualifies = (np.convolve(close, three) >= 2) & (np.abs(np.convolve(signs, three)) == 3)
    return np.convolve(qualifies.astype(int), three)[2 : 2 + close.size] > 0


def trend_direction(values: np.ndarray, marks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which points belong to a trend, and its direction (+1 rising, -1 falling). A point in two
    trends (the peak of a rise then a fall) takes the later one, as NHSRplotthedots does."""
    rising = part_of_run(marks == 1)
    falling = part_of_run(marks == -1)
    following = np.append(np.sign(np.diff(values)), 0).astype(int)
    direction = np.where(rising & falling, following, np.where(rising, 1, -1))
    return rising | falling, direction
