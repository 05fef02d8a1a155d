"""QOF-style disease registers by practice, with funnel plot limits.

For each practice and condition: the register (people with the condition coded), the list size
(registered people), recorded prevalence, expected prevalence where
``expected_prevalence.json`` has the condition (:func:`casefinding.expected`), and where the
practice sits on a funnel plot around the system's overall prevalence p: the 95% and 99.8%
limits of an exact binomial with n = the practice's list size and proportion p
(``scipy.stats.binom.ppf``), as OHID's Fingertips draws them.

Counting is an Ibis expression per practice (:func:`counts`, run where the data are, DuckDB or
PySpark); only one small row per practice reaches Python. Everything published goes through
:func:`~engineroom.population.phm.suppression.suppress`, and the funnel works on the published
numbers only: the point is the prevalence of the rounded counts, and its limits are those of the
rounded list size, so the plot reveals nothing the table does not.
"""

from __future__ import annotations

import ibis
import numpy as np
from scipy import stats

from engineroom.population.phm import casefinding
from engineroom.population.phm.codes import CONDITIONS
from engineroom.population.phm.suppression import SUPPRESSED, rate, suppress

LABELS = {
    "hypertension": "Hypertension",
    "af": "Atrial fibrillation",
    "diabetes": "Diabetes",
    "copd": "COPD",
    "asthma": "Asthma",
    "chd": "Coronary heart disease",
    "heart_failure": "Heart failure",
    "ckd": "Chronic kidney disease",
    "dementia": "Dementia",
    "depression": "Depression",
    "smi": "Serious mental illness",
    "cancer": "Cancer",
    "learning_disability": "Learning disability",
    "palliative_care": "Palliative care",
}
LIMITS = (("95", 0.95), ("998", 0.998))  # (key suffix, coverage)
CURVE_POINTS = 40  # list sizes at which the funnel's limits are drawn


def counts(people: ibis.Table) -> dict[str, dict]:
    """{practice: {list_size, registers: {condition: n}, expected: {condition: cases}}}, counted
    in the engine (``people`` has practice, age, sex and the condition flags)."""
    present = [c for c in CONDITIONS if c in people.columns]
    registers = people.group_by("practice").agg(
        list_size=people.count(),
        **{c: people.count(where=people[c].fill_null(False)) for c in present},
    )
    out = {}
    for row in registers.to_pyarrow().to_pylist():
        out[row["practice"]] = {
            "list_size": row["list_size"],
            "registers": {c: row[c] for c in present},
            "expected": {},
        }
    for row in casefinding.expected(people, ["practice"]).to_pyarrow().to_pylist():
        out[row["practice"]]["expected"][row["condition"]] = row["expected"] or 0.0
    return out


def build(per_practice: dict[str, dict], practices) -> list[dict]:
    """Every condition's register (of those counted) for the ``practices`` of one system (those
    with people), with the funnel around the system's overall prevalence: suppressed, ready to
    publish."""
    shown = {p: per_practice[p] for p in sorted(set(practices)) if p in per_practice}
    counted = set().union(*(p["registers"] for p in shown.values()))
    return [register(c, shown) for c in CONDITIONS if c in counted]


def register(condition: str, practices: dict[str, dict]) -> dict:
    """One condition: the system's totals and prevalence, each practice, and the funnel."""
    total = sum(p["registers"][condition] for p in practices.values())
    people = sum(p["list_size"] for p in practices.values())
    overall = rate(total, people, 100.0, 2)
    p0 = None if overall in (SUPPRESSED, None) else suppress(total) / suppress(people)
    rows = [_practice(code, p, condition, p0) for code, p in practices.items()]
    sizes = [r["list_size"] for r in rows if isinstance(r["list_size"], int) and r["list_size"]]
    return {
        "condition": condition,
        "label": LABELS[condition],
        "register": suppress(total),
        "list_size": suppress(people),
        "overall_percent": overall,
        "has_expected": condition in casefinding.CONDITIONS,
        "practices": rows,
        "funnel": funnel(p0, sizes),
    }


def _practice(code: str, counted: dict, condition: str, p0: float | None) -> dict:
    n, found = counted["list_size"], counted["registers"][condition]
    row = {
        "practice": code,
        "list_size": suppress(n),
        "register": suppress(found),
        "prevalence": rate(found, n, 100.0, 2),
    }
    if condition in casefinding.CONDITIONS:
        cases = round(counted["expected"].get(condition, 0.0))
        row["expected"], row["expected_percent"] = suppress(cases), rate(cases, n, 100.0, 2)
    bounds = (
        {} if p0 is None or not isinstance(row["list_size"], int) else limits(p0, row["list_size"])
    )
    row |= bounds or dict.fromkeys(("lower_95", "upper_95", "lower_998", "upper_998"))
    row["position"] = position(row["prevalence"], bounds) if bounds else None
    return row


def funnel(p0: float | None, sizes: list[int]) -> list[dict]:
    """The limits at ``CURVE_POINTS`` list sizes spread (log scale) over the practices' sizes
    (already rounded), each a multiple of 5 like every published count."""
    if p0 is None or not sizes:
        return []
    spread = np.geomspace(min(sizes), max(sizes), CURVE_POINTS)
    grid = np.unique((spread / 5).round().astype(int) * 5)
    return [{"list_size": int(n), **limits(p0, int(n))} for n in grid if n > 0]


def limits(proportion: float, list_size: int) -> dict:
    """{lower_95, upper_95, lower_998, upper_998}: the exact binomial limits, as percentages, of
    the prevalence of a practice of ``list_size`` people if its true prevalence were
    ``proportion``."""
    out = {}
    for key, coverage in LIMITS:
        tail = (1 - coverage) / 2
        low, high = stats.binom.ppf([tail, 1 - tail], list_size, proportion)
        out[f"lower_{key}"] = round(100 * float(low) / list_size, 2)
        out[f"upper_{key}"] = round(100 * float(high) / list_size, 2)
    return out


def position(prevalence, bounds: dict) -> str | None:
    """Where a published prevalence (%) sits against its limits, in words; None if suppressed."""
    if prevalence in (SUPPRESSED, None):
        return None
    if prevalence > bounds["upper_998"]:
        return "above 99.8% limit"
    if prevalence < bounds["lower_998"]:
        return "below 99.8% limit"
    if prevalence > bounds["upper_95"]:
        return "above 95% limit"
    if prevalence < bounds["lower_95"]:
        return "below 95% limit"
    return "within limits"
