"""The plain pandas baseline, part 3: the secondary-use dashboard (the same dict the web reads),
a pandas loop over areas, every count through the one ``suppression.suppress``/``rate``; then
publish (Parquet + JSON written to ``out/results/``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from benchmarks.pipeline import pandas_phm as phm

from engineroom.population.phm import casefinding, inequalities
from engineroom.population.phm.aggregates import PYRAMID_BANDS, areas_from_spec
from engineroom.population.phm.segments import SEGMENTS
from engineroom.population.phm.suppression import rate, suppress

CONDITIONS = ("hypertension", "af", "diabetes", "ckd")


def _pct(num: int, den: int):
    return rate(num, den, 100.0, 1)


def _expected(condition: str, f: pd.DataFrame) -> float:
    spec = casefinding.expected_rates()[condition]
    idx = np.searchsorted(np.asarray(spec["age_from"]), f["age"].to_numpy(), side="right") - 1
    male = np.asarray(spec["male"])[np.clip(idx, 0, None)]
    female = np.asarray(spec["female"])[np.clip(idx, 0, None)]
    sex = f["sex"].to_numpy()
    each = np.where(sex == "F", female, np.where(sex == "M", male, (male + female) / 2))
    return float(np.where(idx < 0, 0.0, each).sum())


def _pyramid(f: pd.DataFrame) -> list[dict]:
    band = np.minimum(f["age"].to_numpy() // 5, 18).astype(int)
    female = np.bincount(band[f["sex"].to_numpy() == "F"], minlength=19)
    male = np.bincount(band[f["sex"].to_numpy() == "M"], minlength=19)
    return [
        {"band": label, "female": suppress(int(female[i])), "male": suppress(int(male[i]))}
        for i, label in enumerate(PYRAMID_BANDS)
    ]


def _segments(f: pd.DataFrame, prev: pd.DataFrame) -> list[dict]:
    rows = []
    for key, label in SEGMENTS:
        n, m = int((f["segment"] == key).sum()), int((prev["segment"] == key).sum())
        rows.append(
            {"segment": key, "label": label, "people": suppress(n), "percent": _pct(n, len(f))}
            | {"previous_people": suppress(m), "previous_percent": _pct(m, len(prev))}
        )
    return rows


def _frailty(f: pd.DataFrame) -> dict:
    older = f[f["age"] >= 65]
    cats = []
    for c in phm.EFI_CATEGORIES:
        n = int((older["efi_category"] == c).sum())
        cats.append({"category": c, "people": suppress(n), "percent": _pct(n, len(older))})
    return {
        "denominator": "people aged 65 and over",
        "people": suppress(len(older)),
        "categories": cats,
    }


def _prevalence(f: pd.DataFrame, flagged: pd.DataFrame) -> list[dict]:
    rows = []
    for cond in CONDITIONS:
        recorded, expected = int(f[cond].sum()), _expected(cond, f)
        rows.append(
            {
                "condition": cond,
                "label": casefinding.LABELS[cond],
                "registered": suppress(len(f)),
                "recorded": suppress(recorded),
                "recorded_percent": _pct(recorded, len(f)),
                "expected": suppress(round(expected)),
                "expected_percent": _pct(round(expected), len(f)),
                "estimated_undiagnosed": suppress(round(max(expected - recorded, 0.0))),
                "case_finding_flagged": suppress(int((flagged["condition"] == cond).sum())),
            }
        )
    return rows


def _by_quintile(mask, frame: pd.DataFrame) -> dict:
    q = frame["quintile"].to_numpy()
    mask = np.asarray(mask, dtype=bool)
    nums = {k: int((mask & (q == k)).sum()) for k in inequalities.QUINTILES}
    dens = {k: int((q == k).sum()) for k in inequalities.QUINTILES}
    return inequalities.by_quintile(nums, dens)


def _inequalities(f: pd.DataFrame) -> list[dict]:
    g = f.assign(quintile=f["quintile"].fillna(0).astype(int))
    older = g[g["age"] >= 65]
    many = g[[*CONDITIONS, "copd", "chd", "heart_failure", "dementia"]].sum(axis=1) >= 2
    measures = [
        ("emergency_admission", "People with an emergency admission in the last 12 months",
         g["emergency_admissions"] > 0, g),
        ("high_risk", "People in the top 5% of emergency admission risk", g["risk_group"] <= 2, g),
        *((f"recorded_{c}", f"Recorded {casefinding.LABELS[c].lower()}", g[c], g)
          for c in CONDITIONS),
        ("frailty_65", "Moderate or severe frailty (aged 65 and over)", older["efi"] > 0.24, older),
        ("multimorbidity", "Two or more long-term conditions", many, g),
    ]  # fmt: skip
    return [
        {"measure": key, "label": label, **_by_quintile(mask, frame)}
        for key, label, mask, frame in measures
    ]


def _area(f: pd.DataFrame, flagged: pd.DataFrame, prev: pd.DataFrame) -> dict:
    core20 = int(f["core20"].sum())
    risk = [
        {"group": label, "people": suppress(n), "percent": _pct(n, len(f))}
        for label, n in (
            (lab, int((f["risk_group"] <= g).sum()))
            for lab, g in (("top 0.5%", 0), ("top 1%", 1), ("top 5%", 2))
        )
    ]
    return {
        "population": suppress(len(f)),
        "core20": {"people": suppress(core20), "percent": _pct(core20, len(f))},
        "pyramid": _pyramid(f),
        "segments": _segments(f, prev),
        "frailty": _frailty(f),
        "risk": risk,
        "prevalence": _prevalence(f, flagged),
        "inequalities": _inequalities(f),
    }


def dashboard(secondary, flagged, areas, previous) -> dict:
    out = {}
    for area in areas:
        f = secondary[secondary["practice"].isin(area["practices"])]
        fl = flagged[flagged["pseudo_id"].isin(f["pseudo_id"])]
        prev = previous[previous["practice"].isin(area["practices"])]
        head = {k: area[k] for k in ("level", "code", "name", "parent")}
        out[f"{area['level']}:{area['code']}"] = head | _area(f, fl, prev)
    return out


def _secondary(frame: pd.DataFrame, excluded: set, pseudo) -> pd.DataFrame:
    out = frame[~frame["person_id"].isin(excluded)].copy()
    out.insert(0, "pseudo_id", out["person_id"].map(pseudo))
    return out.drop(columns=["person_id", "birth_date", "lsoa"])


def refresh(out: Path, model, spec: dict | None, key: bytes, progress=None) -> dict:
    """Features (this year and last), eFI, segments, case-finding, scores, suppressed
    dashboard, publish; returns unsuppressed counts to reconcile against the engine's."""
    step = progress or (lambda _name: None)
    linked = phm.Linked(out / "linked")
    end = linked.data_end()
    current = phm.add_efi(phm.features(linked, end))
    previous = phm.add_efi(phm.features(linked, end - timedelta(days=365)))
    step("features")
    current, previous = phm.add_segment(current), phm.add_segment(previous)
    step("segments")
    flagged = phm.find_cases(linked, end)
    step("case-finding")
    current = phm.score(model, current)
    step("scores")
    opted = set(linked("national_opt_out")["nhs_number"])
    gp = linked("gp_event")
    type1 = set(gp.loc[gp["snomed_code"] == phm.TYPE1_SNOMED, "person_id"])
    excluded = opted | type1

    def pseudo(nhs: str) -> str:
        return hmac.new(key, nhs.encode(), hashlib.sha256).hexdigest()[:32]

    flagged_sec = flagged[~flagged["person_id"].isin(excluded)].copy()
    flagged_sec["pseudo_id"] = flagged_sec["person_id"].map(pseudo)
    areas = areas_from_spec(spec, current["practice"].dropna().unique())
    board = dashboard(
        _secondary(current, excluded, pseudo), flagged_sec, areas,
        _secondary(previous, excluded, pseudo),
    )  # fmt: skip
    step("aggregates")
    _publish(out / "results", current, flagged, board)
    step("publish")
    return counts(current, flagged, board)


def _publish(folder: Path, current: pd.DataFrame, flagged: pd.DataFrame, board: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    current.rename(columns={"person_id": "nhs_number"}).to_parquet(folder / "people.parquet")
    flagged.rename(columns={"person_id": "nhs_number"}).to_parquet(folder / "casefinding.parquet")
    (folder / "dashboard.json").write_text(json.dumps(board, default=str))


def counts(people: pd.DataFrame, flagged: pd.DataFrame, board: dict) -> dict:
    """What the harness compares: people, segment and case-finding counts, dashboard totals."""
    return {
        "people": len(people),
        "segments": {k: int(v) for k, v in people["segment"].value_counts().sort_index().items()},
        "case_finding": {c: int((flagged["condition"] == c).sum()) for c in CONDITIONS},
        "dashboard": dashboard_totals(board),
    }


def dashboard_totals(board: dict) -> dict:
    """Per area: the (suppressed) population and each segment's and condition's published count."""
    return {
        area: {
            "population": v["population"],
            **{f"segment:{s['segment']}": s["people"] for s in v["segments"]},
            **{f"flagged:{p['condition']}": p["case_finding_flagged"] for p in v["prevalence"]},
        }
        for area, v in board.items()
    }
