"""Inequalities by deprivation quintile: absolute and relative gap, slope index of inequality.

Quintile 1 = most deprived (IMD deciles 1-2, the Core20). Measures are built from *suppressed*
counts (see :mod:`engineroom.population.phm.suppression`), so nothing derived here can reveal a small number.

Slope index of inequality (SII): the rate in each quintile is regressed (weighted by population)
on the midpoint of that quintile's cumulative population share, ranked from most deprived (0) to
least deprived (1). SII = fitted rate at the most deprived end minus at the least deprived end, so
a positive SII means the measure is higher among the more deprived.

The counts per quintile come from the engine: :func:`numerators` gives each measure's numerator
as an Ibis count (summed per area and quintile by :mod:`engineroom.population.phm.aggregates`),
and :func:`from_counts` turns the summed counts into the published measures.
"""

from __future__ import annotations

import ibis
import numpy as np

from engineroom.population.phm import casefinding, standardise
from engineroom.population.phm.suppression import SUPPRESSED, rate, suppress

QUINTILES = (1, 2, 3, 4, 5)
LONG_TERM = (*casefinding.CONDITIONS, "copd", "chd", "heart_failure", "dementia")
# (measure, label, denominator): ``n`` everyone, ``older`` people aged 65 and over
MEASURES = (
    ("emergency_admission", "People with an emergency admission in the last 12 months", "n"),
    ("high_risk", "People in the top 5% of emergency admission risk", "n"),
    *(
        (f"recorded_{c}", f"Recorded {casefinding.LABELS[c].lower()}", "n")
        for c in casefinding.CONDITIONS
    ),
    ("frailty_65", "Moderate or severe frailty (aged 65 and over)", "older"),
    ("multimorbidity", "Two or more long-term conditions", "n"),
)


def denominators(t: ibis.Table) -> dict[str, ibis.Value]:
    """The people counted: everyone (``n``) and those aged 65 and over (``older``)."""
    return {"n": t.count(), "older": t.count(where=t.age >= 65)}


def numerators(t: ibis.Table) -> dict[str, ibis.Value]:
    """Each measure's numerator as a count over the person table ``t`` (features, eFI, risk
    group): to be aggregated per area and quintile in the engine."""
    conditions = sum(t[c].fill_null(False).cast("int64") for c in LONG_TERM)
    older = t.age >= 65
    return {
        "emergency_admission": t.count(where=t.emergency_admissions > 0),
        "high_risk": t.count(where=t.risk_group <= 2),
        **{f"recorded_{c}": t.count(where=t[c]) for c in casefinding.CONDITIONS},
        "frailty_65": t.count(where=older & (t.efi > 0.24)),
        "multimorbidity": t.count(where=conditions >= 2),
    }


def from_counts(by_quintile_counts: dict, by_band: dict | None = None) -> list[dict]:
    """Every measure from the counts per quintile ({quintile: {count name: n}}, from
    :func:`numerators` and :func:`denominators`; quintiles missing count as empty). With
    ``by_band`` ({quintile: {age band: {count name: n}}}) each quintile's rate has its directly
    age-standardised rate beside it (``dsr``, ``dsr_lower``, ``dsr_upper``)."""
    out = []
    for key, label, denominator in MEASURES:
        nums = {q: by_quintile_counts.get(q, {}).get(key, 0) for q in QUINTILES}
        dens = {q: by_quintile_counts.get(q, {}).get(denominator, 0) for q in QUINTILES}
        dsrs = {}
        if by_band is not None:
            dsrs = {q: _dsr(by_band.get(q, {}), key, denominator) for q in QUINTILES}
        out.append({"measure": key, "label": label, **by_quintile(nums, dens, dsrs=dsrs)})
    return out


def _dsr(bands: dict, key: str, denominator: str) -> dict:
    """A measure's DSR (ESP 2013) from its counts by age band; measures of people aged 65 and
    over standardise over the bands from 65-69 on."""
    first = standardise.OLDER_FROM if denominator == "older" else 0
    series = range(first, len(standardise.esp2013()["bands"]))
    events = [bands.get(b, {}).get(key, 0) for b in series]
    people = [bands.get(b, {}).get(denominator, 0) for b in series]
    return standardise.published(events, people, first_band=first)


def slope_index(rates: list[float], populations: list[float]) -> float:
    """SII from quintile rates (most deprived first) and their populations."""
    n = np.asarray(populations, dtype=float)
    y = np.asarray(rates, dtype=float)
    if len(y) < 2 or n.sum() <= 0:
        raise ValueError("SII needs at least two groups with people")
    cum = np.cumsum(n) / n.sum()
    x = cum - n / n.sum() / 2
    w = n / n.sum()
    xm, ym = (w * x).sum(), (w * y).sum()
    slope = (w * (x - xm) * (y - ym)).sum() / (w * (x - xm) ** 2).sum()
    return float(-slope)


def by_quintile(
    numerators: dict[int, int],
    denominators: dict[int, int],
    per: float = 100.0,
    dsrs: dict[int, dict] | None = None,
):
    """Suppressed counts and rates per quintile plus the gaps and SII.

    Gaps compare the most and the least deprived quintiles that have people in the area (an area
    may hold no one in quintile 5); the SII uses every quintile with people. Either is ``*`` if
    it would rest on a suppressed rate, and None if fewer than two quintiles have people.
    """
    rows = []
    for q in QUINTILES:
        num, den = numerators.get(q, 0), denominators.get(q, 0)
        rows.append(
            {
                "quintile": q,
                "count": suppress(num),
                "population": suppress(den),
                "rate": rate(num, den, per),
                **(dsrs or {}).get(q, {}),
            }
        )
    present = [r for r in rows if denominators.get(r["quintile"], 0) > 0]
    summary = dict.fromkeys(
        ("absolute_gap", "relative_gap", "sii", "most_deprived", "least_deprived")
    )
    if len(present) < 2:
        return {"quintiles": rows, **summary}
    most, least = present[0], present[-1]
    summary["most_deprived"], summary["least_deprived"] = most["quintile"], least["quintile"]
    if SUPPRESSED in (most["rate"], least["rate"]):
        summary["absolute_gap"] = summary["relative_gap"] = SUPPRESSED
    else:
        summary["absolute_gap"] = round(most["rate"] - least["rate"], 2)
        summary["relative_gap"] = round(most["rate"] / least["rate"], 2) if least["rate"] else None
    if any(r["rate"] == SUPPRESSED for r in present):
        summary["sii"] = SUPPRESSED
    else:
        summary["sii"] = round(
            slope_index([r["rate"] for r in present], [r["population"] for r in present]), 2
        )
    return {"quintiles": rows, **summary}
