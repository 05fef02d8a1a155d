"""Directly age-standardised rates (DSR) on the European Standard Population 2013, with 95%
confidence intervals by Dobson's method.

DSR = sum over age bands of w_i * d_i / n_i, the weights w_i being the standard population's
shares (``european_standard_population.json``: 19 five-year bands, 0-4 to 90+, source inside);
a band with no one in it contributes nothing. Dobson et al. (1991), as OHID's Public Health
Outcomes Framework uses it: with O = sum of d_i events and var = sum of w_i^2 d_i / n_i^2,

    limit = DSR + sqrt(var / O) * (O_limit - O)

where O_limit are the exact Poisson limits for O from the chi-squared distribution
(``scipy.stats.chi2``): chi2.ppf(0.025, 2O) / 2 and chi2.ppf(0.975, 2(O + 1)) / 2.

:func:`published` is what the dashboard shows: the DSR is ``*`` whenever the crude rate beside it
is (the total events or people suppressed by :func:`~engineroom.population.phm.suppression.suppress`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy import stats

from engineroom.population.phm.suppression import SUPPRESSED, suppress

OLDER_FROM = 13  # band 13 is 65-69: measures of people aged 65 and over use bands 13-18


@cache
def esp2013() -> dict:
    """The European Standard Population 2013: {bands, weights (per 100,000), _source}."""
    path = Path(__file__).with_name("european_standard_population.json")
    return json.loads(path.read_text(encoding="utf-8"))


def weights(first_band: int = 0) -> np.ndarray:
    """The standard's weights from ``first_band`` on, as shares summing to 1."""
    w = np.asarray(esp2013()["weights"][first_band:], dtype=float)
    return w / w.sum()


@dataclass(frozen=True)
class Dsr:
    rate: float
    lower: float | None
    upper: float | None


def dsr(
    events: Sequence[float],
    people: Sequence[float],
    *,
    first_band: int = 0,
    per: float = 100.0,
    confidence: float = 0.95,
) -> Dsr | None:
    """The DSR of ``events`` among ``people`` by band (from ``first_band``), per ``per`` people,
    with its Dobson interval (no interval without events); None when no one is counted."""
    d, n, w = np.asarray(events, float), np.asarray(people, float), weights(first_band)
    if len(d) != len(w) or len(n) != len(w):
        raise ValueError(f"expected {len(w)} age bands, got {len(d)} and {len(n)}")
    if n.sum() <= 0:
        return None
    band_rate = np.divide(d, n, out=np.zeros_like(d), where=n > 0)
    rate = float((w * band_rate).sum())
    total = float(d.sum())
    if total == 0:  # Dobson's interval needs at least one event
        return Dsr(0.0, None, None)
    var = float((w**2 * np.divide(d, n**2, out=np.zeros_like(d), where=n > 0)).sum())
    alpha = 1 - confidence
    low = stats.chi2.ppf(alpha / 2, 2 * total) / 2
    high = stats.chi2.ppf(1 - alpha / 2, 2 * (total + 1)) / 2
    step = float(np.sqrt(var / total))
    lower, upper = rate + step * (float(low) - total), rate + step * (float(high) - total)
    return Dsr(per * rate, per * lower, per * upper)


def published(
    events: Sequence[float],
    people: Sequence[float],
    *,
    first_band: int = 0,
    per: float = 100.0,
    digits: int = 1,
) -> dict:
    """{dsr, dsr_lower, dsr_upper} as published: ``*`` where the crude rate would be suppressed
    (total events or people 1-7, see ``suppress``), None where no one is counted. A missing
    count (None, as a sum over no rows can be on some engines) is 0."""
    events, people = [e or 0 for e in events], [n or 0 for n in people]
    shown = suppress(int(sum(events))), suppress(int(sum(people)))
    if SUPPRESSED in shown:
        return dict.fromkeys(("dsr", "dsr_lower", "dsr_upper"), SUPPRESSED)
    found = dsr(events, people, first_band=first_band, per=per)
    if found is None:
        return dict.fromkeys(("dsr", "dsr_lower", "dsr_upper"))
    return {
        "dsr": round(found.rate, digits),
        "dsr_lower": None if found.lower is None else round(found.lower, digits),
        "dsr_upper": None if found.upper is None else round(found.upper, digits),
    }
