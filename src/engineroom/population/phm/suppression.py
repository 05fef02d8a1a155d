"""Small-number suppression: ONE function, applied to every published aggregate and export.

Rule (NHS Digital HES/ECDS method since 2018; OpenSAFELY redacts <= 7 and rounds to 5):
counts 1-7 are shown as ``*``; every other count is rounded to the nearest 5 (0 stays 0);
a rate or proportion built on a suppressed count is suppressed too, and rates are computed from
the *rounded* counts so the exact count cannot be recovered by multiplying back.

One exception, on purpose: a directly age-standardised rate (:mod:`.standardise`) is a weighted
sum over 19 age bands, so it is computed from the exact band counts (rounding each small band to
5 would bias it far more than it protects) and published only where the crude count beside it is
publishable, as PHE's Fingertips tools do; no band's count is ever shown.
"""

from __future__ import annotations

import math

SUPPRESSED = "*"
Suppressed = int | str


def suppress(count: int) -> Suppressed:
    """0 -> 0; 1..7 -> '*'; otherwise the nearest multiple of 5 (halves round up: 13 -> 15)."""
    if isinstance(count, str):
        return count  # already suppressed
    n = int(count)
    if n < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    if n == 0:
        return 0
    if n <= 7:
        return SUPPRESSED
    return int(math.floor(n / 5 + 0.5) * 5)


def is_suppressed(value) -> bool:
    return value == SUPPRESSED


def publishable(value):
    """A count as published, whatever it is now: missing stays missing, a suppressed ``*``
    stays ``*``, an exact count is suppressed (so suppressing twice changes nothing)."""
    return None if value is None else suppress(value)


def rate(numerator: int, denominator: int, per: float = 100.0, digits: int = 1):
    """A rate from raw counts, built on the suppressed counts: '*' if either count is suppressed,
    None if the (rounded) denominator is 0."""
    num, den = suppress(numerator), suppress(denominator)
    if SUPPRESSED in (num, den):
        return SUPPRESSED
    if den == 0:
        return None
    return round(per * num / den, digits)


def suppress_row(row: dict, count_keys: tuple[str, ...]) -> dict:
    """Copy of ``row`` with the named count fields suppressed."""
    return {k: (suppress(v) if k in count_keys else v) for k, v in row.items()}
