"""The plain pandas baseline, part 2: features, eFI, segments, case-finding and risk scores from
the baseline's own linked tables (``pandas_ingest.link``), read with ``pd.read_parquet``.

Shared with the engine: the code lists, the expected-prevalence rates and the saved risk model
(scored with ``model.predict`` on the pandas frame) — data, not implementation.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from benchmarks.pipeline.pandas_ingest import read_parquet

from engineroom.population.phm.codes import CONDITIONS, codelists, efi_deficit_codes

TYPE1_SNOMED = "827241000000103"
AGE_BANDS = ((0, 17, "0-17"), (18, 39, "18-39"), (40, 59, "40-59"), (60, 74, "60-74"))
SEGMENT_KEYS = (
    *("end_of_life", "frailty_dementia", "organ_failure", "stable_disability"),
    *("chronic_conditions", "maternal_infant", "acutely_ill", "healthy"),
)
EFI_CUTS, EFI_CATEGORIES = (0.12, 0.24, 0.36), ("fit", "mild", "moderate", "severe")
PERSON_COLUMNS = (
    *("nhs_number", "birth_date", "sex", "ethnicity_group", "lsoa", "deprivation_decile"),
    *("registered_practice", "date_of_death"),
)
COUNTS = (
    ("ae_attendances", "ae_attendance", "arrival_date", None),
    ("outpatient_attendances", "outpatient", "appointment_date", "attended"),
    ("community_contacts", "community_contact", "contact_date", None),
    ("mh_contacts", "mh_contact", "contact_date", None),
)


class Linked:
    """The baseline's linked tables, each read once (linked rows only)."""

    def __init__(self, folder: Path):
        self.folder, self._cache = folder, {}

    def __call__(self, table: str) -> pd.DataFrame:
        if table not in self._cache:
            frame = read_parquet(self.folder / f"{table}.parquet")
            if "person_id" in frame:
                frame = frame[frame["person_id"].notna()]
            self._cache[table] = frame
        return self._cache[table]

    def data_end(self) -> date:
        return self("gp_event")["event_date"].max().date()


def _count(frame: pd.DataFrame, index: pd.Index, how="size", column=None) -> pd.Series:
    grouped = frame.groupby("person_id")
    counts = grouped.size() if how == "size" else grouped[column].nunique()
    return counts.reindex(index).fillna(0).astype(int)


def _conditions(p: pd.DataFrame, gp: pd.DataFrame) -> None:
    lists = codelists()["conditions"]
    for name in CONDITIONS:
        p[name] = p.index.isin(set(gp.loc[gp["snomed_code"].isin(lists[name]), "person_id"]))
    deficit = {c: n for n, cs in efi_deficit_codes().items() for c in cs}
    coded = gp.assign(concept=gp["snomed_code"].map(deficit)).dropna(subset=["concept"])
    p["efi_coded"] = _count(coded, p.index, "nunique", "concept")


def _hospital(p: pd.DataFrame, linked: Linked, start: pd.Timestamp, as_of: pd.Timestamp) -> None:
    apc = linked("apc_episode")
    apc = apc[(apc["admission_date"] > start) & (apc["admission_date"] <= as_of)]
    for method in ("emergency", "elective", "maternity"):
        p[f"{method}_admissions"] = _count(apc[apc["admission_method"] == method], p.index)
    em = apc[apc["admission_method"] == "emergency"]
    end = em["discharge_date"].fillna(as_of).clip(upper=as_of)
    days = (end - em["admission_date"]).dt.days.clip(lower=0)
    bed = days.groupby(em["person_id"]).sum().reindex(p.index).fillna(0).astype(int)
    p["emergency_bed_days"] = bed
    for name, table, col, extra in COUNTS:
        frame = linked(table)
        frame = frame[(frame[col] > start) & (frame[col] <= as_of)]
        if extra:
            frame = frame[frame[extra].eq(True)]
        p[name] = _count(frame, p.index)


def _care(p: pd.DataFrame, linked: Linked, start: pd.Timestamp, as_of: pd.Timestamp) -> None:
    meds = linked("medication")
    meds = meds[(meds["issue_date"] > start) & (meds["issue_date"] <= as_of)]
    p["medicines"] = _count(meds, p.index, "nunique", "dmd_code")
    home = linked("care_home_residency")
    open_ = home["end_date"].isna() | (home["end_date"] > as_of)
    p["care_home"] = p.index.isin(set(home.loc[(home["start_date"] <= as_of) & open_, "person_id"]))
    social = linked("social_care_service")
    live = (social["start_date"] <= as_of) & (
        social["end_date"].isna() | (social["end_date"] > start)
    )
    p["social_care"] = p.index.isin(set(social.loc[live, "person_id"]))


def features(linked: Linked, as_of: date, lookback: int = 365) -> pd.DataFrame:
    """One row per person alive and registered on ``as_of``: the engine's feature columns."""
    as_of = pd.Timestamp(as_of)
    start = as_of - pd.Timedelta(days=lookback)
    person = linked("person_index")[list(PERSON_COLUMNS)]
    alive = (person["birth_date"] <= as_of) & (
        person["date_of_death"].isna() | (person["date_of_death"] > as_of)
    )
    p = person[alive].rename(columns={"nhs_number": "person_id", "registered_practice": "practice"})
    p = p.drop(columns="date_of_death").set_index("person_id").sort_index()
    gp = linked("gp_event")
    _conditions(p, gp[gp["event_date"] <= as_of])
    _hospital(p, linked, start, as_of)
    _care(p, linked, start, as_of)
    p = p.reset_index()
    days = (as_of - p["birth_date"]).dt.days
    p["age"] = (days // 365.25).astype(int)
    p["deprivation_decile"] = p["deprivation_decile"].astype("Int64")
    p["quintile"] = ((p["deprivation_decile"] + 1) // 2).astype("Int64")
    p["core20"] = (p["quintile"] == 1).fillna(False).astype(bool)
    p["age_band"] = "75+"
    for low, high, label in AGE_BANDS:
        p.loc[(p["age"] >= low) & (p["age"] <= high), "age_band"] = label
    return p


def add_efi(p: pd.DataFrame) -> pd.DataFrame:
    """eFI = (coded deficits + polypharmacy) / 36, and its category (boundaries to the lower)."""
    p["efi"] = (p["efi_coded"] + (p["medicines"] >= 5)) / 36
    p["efi_category"] = pd.cut(
        p["efi"].round(9), [-1, *EFI_CUTS, 2], labels=EFI_CATEGORIES, right=True
    ).astype(str)
    return p


def add_segment(p: pd.DataFrame) -> pd.DataFrame:
    """Bridges to Health: the first matching segment in priority order."""
    em = p["emergency_admissions"]
    rules = [
        p["palliative_care"] | (p["cancer"] & (em >= 2)),
        p["dementia"] | (p["efi"] > 0.24),
        p["heart_failure"] | p["copd"] | p["ckd"],
        p["learning_disability"] | p["smi"],
        p[["hypertension", "af", "diabetes", "asthma", "chd", "depression", "cancer"]].any(axis=1),
        (p["age"] < 1) | (p["maternity_admissions"] > 0),
        (em > 0) | (p["ae_attendances"] > 0),
    ]
    p["segment"] = np.select([r.to_numpy(bool) for r in rules], SEGMENT_KEYS[:-1], "healthy")
    return p


def _codes(*names: str) -> list[str]:
    lists = codelists()
    return [c for n in names for c in lists["measurements"].get(n, lists["conditions"].get(n, []))]


def find_cases(linked: Linked, as_of: date) -> pd.DataFrame:
    """(person_id, condition) for each probable undiagnosed condition, living people only."""
    as_of = pd.Timestamp(as_of)
    gp = linked("gp_event")
    gp = gp[gp["event_date"] <= as_of]
    found = [
        _hypertension(gp).assign(condition="hypertension"),
        _af(gp, linked("apc_episode"), as_of).assign(condition="af"),
        _diabetes(gp).assign(condition="diabetes"),
        _ckd(gp).assign(condition="ckd"),
    ]
    cases = pd.concat(found, ignore_index=True)
    diagnosed = pd.concat(
        pd.DataFrame({"person_id": gp.loc[gp["snomed_code"].isin(_codes(c)), "person_id"]})
        .drop_duplicates()
        .assign(condition=c)
        for c in ("hypertension", "af", "diabetes", "ckd")
    )
    cases = cases.merge(diagnosed, how="left", indicator=True)
    cases = cases[cases["_merge"] == "left_only"].drop(columns="_merge")
    person = linked("person_index")
    dead = set(
        person.loc[person["date_of_death"].notna() & (person["date_of_death"] <= as_of)][
            "nhs_number"
        ]
    )
    cases = cases[cases["person_id"].isin(set(person["nhs_number"]) - dead)]
    return cases.sort_values(["condition", "person_id"]).reset_index(drop=True)


def _hypertension(gp: pd.DataFrame) -> pd.DataFrame:
    sys_codes, dia_codes = _codes("systolic_bp"), _codes("diastolic_bp")
    bp = gp[gp["snomed_code"].isin(sys_codes + dia_codes)]
    bp = bp.assign(kind=np.where(bp["snomed_code"].isin(sys_codes), "sys", "dia"))
    wide = bp.pivot_table(
        index=["person_id", "event_date"], columns="kind", values="value", aggfunc="max"
    )
    sys_, dia = (wide[k] if k in wide else pd.Series(np.nan, wide.index) for k in ("sys", "dia"))
    days = wide[(sys_ >= 140) | (dia >= 90)].groupby(level="person_id").size()
    return pd.DataFrame({"person_id": days.index[days >= 2]})


def _af(gp: pd.DataFrame, apc: pd.DataFrame, as_of: date) -> pd.DataFrame:
    pulse = gp.loc[gp["snomed_code"].isin(_codes("irregular_pulse")), "person_id"]
    icd = tuple(codelists()["icd10_af"])
    apc = apc[apc["admission_date"] <= as_of]
    primary = apc["primary_diagnosis"].fillna("").str.startswith(icd)
    secondary = (
        apc["secondary_diagnoses"]
        .fillna("")
        .str.contains("|".join(map(re.escape, icd)), regex=True)
    )
    hospital = apc.loc[primary | secondary, "person_id"]
    return pd.DataFrame({"person_id": pd.concat([pulse, hospital]).unique()})


def _diabetes(gp: pd.DataFrame) -> pd.DataFrame:
    a1c = gp[gp["snomed_code"].isin(_codes("hba1c"))].sort_values(["person_id", "event_date"])
    latest = a1c.drop_duplicates("person_id", keep="last")
    return latest.loc[latest["value"] >= 48, ["person_id"]]


def _ckd(gp: pd.DataFrame) -> pd.DataFrame:
    low = gp[gp["snomed_code"].isin(_codes("egfr")) & (gp["value"] < 60)]
    span = low.groupby("person_id")["event_date"].agg(["min", "max"])
    days = (span["max"] - span["min"]).dt.days
    return pd.DataFrame({"person_id": span.index[days >= 90]})


def score(model, p: pd.DataFrame, top=(0.005, 0.01, 0.05)) -> pd.DataFrame:
    """``risk`` from the saved model, ``risk_rank`` (1 = highest) and ``risk_group`` 0-3."""
    p["risk"] = model.predict(p) if len(p) else np.array([])
    p["risk_rank"] = p["risk"].rank(method="first", ascending=False).astype(int)
    cuts = [np.ceil(f * len(p)) for f in top]
    p["risk_group"] = np.searchsorted(cuts, p["risk_rank"].to_numpy(), side="left")
    return p
