"""Who answered, set beside who is registered: shares, ratios, and weights that rake respondents
to the population's margins.

Categories are the register's (:mod:`.categories`: age band label, ``F``/``M``, ethnic group
key, quintile ``"1"``..``"5"``, place code); :data:`NOT_STATED` is a respondent who did not say
(or a register record without the field). Shares leave "not stated" out on both sides, so a ratio
compares like with like: 1.0 means the group answered in proportion, 2.0 twice as often.

Population counts arrive suppressed (:func:`register.profile`): a ``"*"`` count gives no share
or ratio for that category, and is left out of the population total it divides by.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

NOT_STATED = "not stated"
CAP = 5.0  # no respondent counts for more than 5 (or less than 1/5) of an average respondent
ROUNDS = 50
TOLERANCE = 1e-6


def compare(
    respondents: dict[str, dict[str, int]], population: dict[str, dict[str, int]]
) -> dict[str, list[dict]]:
    """Per dimension (those in either), one row per category: counts, shares and the ratio
    respondent share / population share (None where the population count is 0 or suppressed)."""
    out = {}
    for dim in dict.fromkeys([*respondents, *population]):
        said = respondents.get(dim, {})
        pop = population.get(dim, {})
        said_total = sum(v for k, v in said.items() if k != NOT_STATED)
        pop_total = sum(v for k, v in pop.items() if k != NOT_STATED and isinstance(v, int))
        rows = []
        for category in dict.fromkeys([*pop, *said]):
            rows.append(
                _row(category, said.get(category, 0), pop.get(category, 0), said_total, pop_total)
            )
        out[dim] = rows
    return out


def _row(category: str, said: int, pop, said_total: int, pop_total: int) -> dict:
    stated = category != NOT_STATED
    said_share = said / said_total if stated and said_total else None
    pop_share = pop / pop_total if stated and isinstance(pop, int) and pop and pop_total else None
    ratio = said_share / pop_share if said_share is not None and pop_share else None
    return {
        "category": category,
        "respondents": said,
        "respondent_share": said_share,
        "population": pop,
        "population_share": pop_share,
        "ratio": ratio,
    }


def weights(
    rows: Sequence[dict[str, str]], population: dict[str, dict[str, int]], dims: Sequence[str]
) -> list[float]:
    """Raking (iterative proportional fitting): each respondent's weight, adjusted dimension by
    dimension until the weighted respondents' shares match the population's margins (or after
    ``ROUNDS`` rounds). A respondent who did not state a dimension (or whose category the
    population lacks or suppresses) is not adjusted on it. Weights are capped to 1/CAP..CAP of
    the mean after every step and scaled to mean 1."""
    n = len(rows)
    w = np.ones(n)
    if not n:
        return []
    targets = {dim: _targets(population.get(dim, {})) for dim in dims}
    for _ in range(ROUNDS):
        before = w.copy()
        for dim in dims:
            w = _rake_one(w, [row.get(dim, NOT_STATED) or NOT_STATED for row in rows], targets[dim])
        if np.max(np.abs(w - before)) < TOLERANCE:
            break
    return [float(x) for x in _cap(w)]


def _targets(counts: dict[str, int]) -> dict[str, float]:
    usable = {k: v for k, v in counts.items() if k != NOT_STATED and isinstance(v, int) and v > 0}
    total = sum(usable.values())
    return {k: v / total for k, v in usable.items()} if total else {}


def _rake_one(w: np.ndarray, categories: list[str], targets: dict[str, float]) -> np.ndarray:
    """One raking step on one dimension, among the respondents whose category has a target."""
    labels = np.array(categories, dtype=object)
    inside = np.isin(labels, list(targets))
    if not inside.any():
        return w
    w = w.copy()
    covered = sum(targets[c] for c in set(labels[inside]))
    total = w[inside].sum()
    for category in set(labels[inside]):
        mask = labels == category
        w[mask] *= (targets[category] / covered) * total / w[mask].sum()
    return _cap(w)


def _cap(w: np.ndarray) -> np.ndarray:
    """Scaled to mean 1 and clipped to 1/CAP..CAP, repeated because clipping moves the mean."""
    for _ in range(50):
        w = w / w.mean()
        if w.max() <= CAP + 1e-9 and w.min() >= 1 / CAP - 1e-9:
            break
        w = np.clip(w, 1 / CAP, CAP)
    return w
