"""Secondary-use aggregates by system, place and neighbourhood: every count goes through
:func:`~engineroom.population.phm.suppression.suppress` here, before anything is written or shown.

Input is the *secondary-use* person table: pseudonymised, national data opt-outs and GP type 1
objections removed (see :func:`secondary_people`). Direct-care worklists never feed these.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engineroom.population.phm import casefinding, inequalities, segments
from engineroom.population.phm.frailty import CATEGORIES
from engineroom.population.phm.suppression import rate, suppress

PYRAMID_BANDS = [f"{a}-{a + 4}" for a in range(0, 90, 5)] + ["90+"]


def secondary_people(
    people: pd.DataFrame, opted_out: set[str], type1: set[str], pseudo
) -> pd.DataFrame:
    """Drop opt-outs and type 1 objectors, replace the NHS number by its pseudonym, drop
    identifiers. ``pseudo`` maps an NHS number to its keyed hash."""
    keep = ~people["person_id"].isin(opted_out) & ~people["person_id"].isin(type1)
    out = people.loc[keep].copy()
    out.insert(0, "pseudo_id", [pseudo(v) for v in out["person_id"]])
    return out.drop(columns=["person_id", "birth_date", "lsoa", "nhs_number"], errors="ignore")


def areas_from_spec(spec: dict | None, practices) -> list[dict]:
    """[{level, code, name, parent, practices}] for every system, place and neighbourhood."""
    if not spec:
        everyone = {"code": "all", "name": "All registered people"}
        return [_area("system", everyone, None, sorted(set(practices)))]
    out = []
    for system in spec["systems"]:
        sys_practices = []
        for place in system["places"]:
            place_practices = []
            for hood in place["neighbourhoods"]:
                codes = [p["ods"] for p in hood["practices"]]
                place_practices += codes
                out.append(_area("neighbourhood", hood, place["code"], codes))
            sys_practices += place_practices
            out.append(_area("place", place, system["code"], place_practices))
        out.append(_area("system", system, None, sys_practices))
    return out


def _area(level: str, unit: dict, parent: str | None, practices: list[str]) -> dict:
    return {
        "level": level,
        "code": unit["code"],
        "name": unit["name"],
        "parent": parent,
        "practices": practices,
    }


def _pct(num: int, den: int):
    return rate(num, den, 100.0, 1)


def pyramid(f: pd.DataFrame) -> list[dict]:
    band = np.minimum(f["age"].to_numpy() // 5, 18).astype(int)
    sex = f["sex"].to_numpy()
    female = np.bincount(band[sex == "F"], minlength=19)
    male = np.bincount(band[sex == "M"], minlength=19)
    return [
        {"band": label, "female": suppress(int(female[i])), "male": suppress(int(male[i]))}
        for i, label in enumerate(PYRAMID_BANDS)
    ]


def segment_mix(f: pd.DataFrame, previous: pd.DataFrame | None) -> list[dict]:
    rows = []
    for key, label in segments.SEGMENTS:
        n = int((f["segment"] == key).sum())
        row = {"segment": key, "label": label, "people": suppress(n), "percent": _pct(n, len(f))}
        if previous is not None:
            m = int((previous["segment"] == key).sum())
            row |= {"previous_people": suppress(m), "previous_percent": _pct(m, len(previous))}
        rows.append(row)
    return rows


def frailty_mix(f: pd.DataFrame) -> dict:
    older = f[f["age"] >= 65]
    return {
        "denominator": "people aged 65 and over",
        "people": suppress(len(older)),
        "categories": [
            {
                "category": c,
                "people": suppress(int((older["efi_category"] == c).sum())),
                "percent": _pct(int((older["efi_category"] == c).sum()), len(older)),
            }
            for c in CATEGORIES
        ],
    }


def risk_mix(f: pd.DataFrame) -> list[dict]:
    rows = []
    for label in ("top 0.5%", "top 1%", "top 5%"):
        n = int((f["risk_group"] <= _RISK_ORDER[label]).sum())
        rows.append({"group": label, "people": suppress(n), "percent": _pct(n, len(f))})
    return rows


_RISK_ORDER = {"top 0.5%": 0, "top 1%": 1, "top 5%": 2, "rest": 3}


def prevalence(f: pd.DataFrame, flagged: pd.DataFrame) -> list[dict]:
    rows = []
    for cond in casefinding.CONDITIONS:
        recorded = int(f[cond].sum())
        expected = float(casefinding.expected_cases(cond, f["age"], f["sex"]).sum())
        undiagnosed = max(expected - recorded, 0.0)
        n_flag = int(flagged["condition"].eq(cond).sum()) if len(flagged) else 0
        rows.append(
            {
                "condition": cond,
                "label": casefinding.LABELS[cond],
                "registered": suppress(len(f)),
                "recorded": suppress(recorded),
                "recorded_percent": _pct(recorded, len(f)),
                "expected": suppress(round(expected)),
                "expected_percent": _pct(round(expected), len(f)),
                "estimated_undiagnosed": suppress(round(undiagnosed)),
                "case_finding_flagged": suppress(n_flag),
            }
        )
    return rows


def _quintile_counts(mask: np.ndarray, f: pd.DataFrame) -> tuple[dict, dict]:
    q = f["quintile"].to_numpy()
    nums = {k: int((mask & (q == k)).sum()) for k in inequalities.QUINTILES}
    dens = {k: int((q == k).sum()) for k in inequalities.QUINTILES}
    return nums, dens


def inequality_measures(f: pd.DataFrame) -> list[dict]:
    q = f["quintile"].fillna(0).astype(int).to_numpy()
    g = f.assign(quintile=q)
    long_term = [*casefinding.CONDITIONS, "copd", "chd", "heart_failure", "dementia"]
    conditions = g[long_term].sum(axis=1).to_numpy()
    older = g[g["age"] >= 65]
    measures = [
        (
            "emergency_admission",
            "People with an emergency admission in the last 12 months",
            g["emergency_admissions"].to_numpy() > 0,
            g,
        ),
        (
            "high_risk",
            "People in the top 5% of emergency admission risk",
            g["risk_group"].to_numpy() <= 2,
            g,
        ),
        *(
            (f"recorded_{c}", f"Recorded {casefinding.LABELS[c].lower()}", g[c].to_numpy(), g)
            for c in casefinding.CONDITIONS
        ),
        (
            "frailty_65",
            "Moderate or severe frailty (aged 65 and over)",
            older["efi"].to_numpy() > 0.24,
            older,
        ),
        ("multimorbidity", "Two or more long-term conditions", conditions >= 2, g),
    ]
    out = []
    for key, label, mask, frame in measures:
        nums, dens = _quintile_counts(np.asarray(mask, dtype=bool), frame)
        out.append({"measure": key, "label": label, **inequalities.by_quintile(nums, dens)})
    return out


def area_summary(f: pd.DataFrame, flagged: pd.DataFrame, previous: pd.DataFrame | None) -> dict:
    core20 = int(f["core20"].sum())
    return {
        "population": suppress(len(f)),
        "core20": {"people": suppress(core20), "percent": _pct(core20, len(f))},
        "pyramid": pyramid(f),
        "segments": segment_mix(f, previous),
        "frailty": frailty_mix(f),
        "risk": risk_mix(f),
        "prevalence": prevalence(f, flagged),
        "inequalities": inequality_measures(f),
    }


def build(
    secondary: pd.DataFrame,
    flagged: pd.DataFrame,
    areas: list[dict],
    previous: pd.DataFrame | None = None,
) -> dict:
    """{"<level>:<code>": {name, level, parent, ...suppressed sections}} for every area."""
    out = {}
    for area in areas:
        sel = secondary["practice"].isin(area["practices"])
        f = secondary.loc[sel]
        fl = flagged[flagged["pseudo_id"].isin(f["pseudo_id"])] if len(flagged) else flagged
        prev = (
            previous[previous["practice"].isin(area["practices"])] if previous is not None else None
        )
        out[f"{area['level']}:{area['code']}"] = {
            "level": area["level"],
            "code": area["code"],
            "name": area["name"],
            "parent": area["parent"],
            **area_summary(f, fl, prev),
        }
    return out
