"""PHM refresh benchmark (``make bench``; never part of ``make test``).

Builds (or reuses) a linked lake of N people from the example region, then, each phase in its own
process so its peak memory is its own:

1. build          generate + ingest (parallel) + link on DuckDB  (setup; timed for reference)
2. train          risk model: two feature periods, LightGBM + logistic, validation metrics
3. refresh        ``engineroom.population.phm.refresh.refresh``: features (2 dates) -> eFI -> segments ->
                  case-finding -> scores -> suppressed aggregates -> atomic publish (DuckDB)
4. refresh-pandas the same pipeline with the features and case-finding written in plain pandas
                  (read the Parquet files, merge, groupby); scoring and aggregates shared
5. features-check DuckDB and pandas features for one date compared column by column
6. refresh-spark  the same refresh on PySpark local[2] (same SQL, transpiled by sqlglot)

    python benchmarks/phm/run.py --people 100000 [--skip build]

Skipped phases keep their figures from an earlier run in ``benchmarks/results/phm-N.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"
KEY = "benchmark-key"


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _spec(people: int) -> dict:
    from engineroom.population.region import example_spec

    return example_spec(people)


def phase_build(work: Path, people: int) -> dict:
    from engineroom.population.synth.build import build_population

    t = time.perf_counter()
    report = build_population(_spec(people), var=work, scale=1.0, seed=3, key=KEY)
    return {"people": report["linkage"]["people"], "seconds": time.perf_counter() - t}


def phase_train(work: Path, people: int) -> dict:
    from engineroom.population.phm.refresh import train

    t = time.perf_counter()
    meta = train(work)
    m = meta["metrics"]
    return {
        "seconds": time.perf_counter() - t,
        "train_people": meta["train_people"],
        "auroc": m["gbm"]["auroc"],
        "logistic_auroc": m["logistic"]["auroc"],
        "oracle_auroc": m["oracle_auroc"],
        "calibration_slope": m["gbm"]["calibration"]["slope"],
    }


def phase_refresh(work: Path, people: int, engine: str = "duckdb") -> dict:
    from engineroom.population.phm.refresh import refresh

    steps = {}
    t = time.perf_counter()
    summary = refresh(
        work,
        spec=_spec(people),
        key=KEY,
        engine=engine,
        progress=lambda s, i, n: steps.setdefault(s, time.perf_counter() - t),
    )
    secs = time.perf_counter() - t
    return {
        "people": summary["people"],
        "seconds": secs,
        "people_per_second": summary["people"] / secs,
        "steps": steps,
    }


# -- the pandas implementation ------------------------------------------------------------------


def _read(folder: Path, table: str, columns: list[str]) -> pd.DataFrame:
    frame = pd.read_parquet(folder / f"{table}.parquet", columns=columns)
    return frame[frame["person_id"].notna()] if "person_id" in columns else frame


def pandas_features(folder: Path, as_of: date, lookback: int = 365) -> pd.DataFrame:
    """The same features as ``engineroom.population.phm.features.person_features``, in plain pandas."""
    from engineroom.population.phm.codes import CONDITIONS, codelists, efi_deficit_codes
    from engineroom.population.phm.features import age_band

    start = as_of - timedelta(days=lookback)
    person = pd.read_parquet(
        folder / "person_index.parquet",
        columns=[
            "nhs_number",
            "birth_date",
            "sex",
            "ethnicity_group",
            "lsoa",
            "deprivation_decile",
            "registered_practice",
            "date_of_death",
        ],
    )
    alive = (person["birth_date"] <= as_of) & (
        person["date_of_death"].isna() | (person["date_of_death"] > as_of)
    )
    p = person[alive].rename(columns={"nhs_number": "person_id", "registered_practice": "practice"})
    p = p.drop(columns="date_of_death").set_index("person_id").sort_index()
    gp = _read(folder, "gp_event", ["person_id", "event_date", "snomed_code"])
    gp = gp[gp["event_date"] <= as_of]
    for name in CONDITIONS:
        codes = codelists()["conditions"][name]
        p[name] = p.index.isin(set(gp.loc[gp["snomed_code"].isin(codes), "person_id"]))
    deficit = {c: n for n, cs in efi_deficit_codes().items() for c in cs}
    gp = gp.assign(concept=gp["snomed_code"].map(deficit)).dropna(subset=["concept"])
    efi = gp.groupby("person_id")["concept"].nunique()
    p["efi_coded"] = efi.reindex(p.index).fillna(0).astype(int)

    def within(frame, col):
        return frame[(frame[col] > start) & (frame[col] <= as_of)]

    apc = within(
        _read(
            folder,
            "apc_episode",
            ["person_id", "admission_date", "discharge_date", "admission_method"],
        ),
        "admission_date",
    )
    em = apc[apc["admission_method"] == "emergency"]
    p["emergency_admissions"] = (
        em.groupby("person_id").size().reindex(p.index).fillna(0).astype(int)
    )
    for method in ("elective", "maternity"):
        sel = apc[apc["admission_method"] == method].groupby("person_id").size()
        p[f"{method}_admissions"] = sel.reindex(p.index).fillna(0).astype(int)
    end = em["discharge_date"].fillna(as_of).clip(upper=as_of)
    days = (pd.to_datetime(end) - pd.to_datetime(em["admission_date"])).dt.days.clip(lower=0)
    p["emergency_bed_days"] = (
        days.groupby(em["person_id"]).sum().reindex(p.index).fillna(0).astype(int)
    )
    for name, table, col, extra in (
        ("ae_attendances", "ae_attendance", "arrival_date", None),
        ("outpatient_attendances", "outpatient", "appointment_date", "attended"),
        ("community_contacts", "community_contact", "contact_date", None),
        ("mh_contacts", "mh_contact", "contact_date", None),
    ):
        frame = within(_read(folder, table, ["person_id", col] + ([extra] if extra else [])), col)
        if extra:
            frame = frame[frame[extra].fillna(False)]
        p[name] = frame.groupby("person_id").size().reindex(p.index).fillna(0).astype(int)
    meds = within(
        _read(folder, "medication", ["person_id", "issue_date", "dmd_code"]), "issue_date"
    )
    p["medicines"] = (
        meds.groupby("person_id")["dmd_code"].nunique().reindex(p.index).fillna(0).astype(int)
    )
    home = _read(folder, "care_home_residency", ["person_id", "start_date", "end_date"])
    home = home[
        (home["start_date"] <= as_of) & (home["end_date"].isna() | (home["end_date"] > as_of))
    ]
    p["care_home"] = p.index.isin(set(home["person_id"]))
    social = _read(folder, "social_care_service", ["person_id", "start_date", "end_date"])
    social = social[
        (social["start_date"] <= as_of) & (social["end_date"].isna() | (social["end_date"] > start))
    ]
    p["social_care"] = p.index.isin(set(social["person_id"]))
    p = p.reset_index()
    p["age"] = ((pd.to_datetime(as_of) - pd.to_datetime(p["birth_date"])).dt.days // 365.25).astype(
        int
    )
    p["deprivation_decile"] = p["deprivation_decile"].astype("Int64")
    p["quintile"] = ((p["deprivation_decile"] + 1) // 2).astype("Int64")
    p["core20"] = (p["quintile"] == 1).fillna(False).astype(bool)
    p["age_band"] = age_band(p["age"])
    return p


def pandas_hypertension(folder: Path, as_of: date) -> pd.DataFrame:
    """Case-finding (the hypertension rule, the only one the example feeds exercise) in pandas."""
    from engineroom.population.phm.codes import codelists

    lists = codelists()
    gp = _read(folder, "gp_event", ["person_id", "event_date", "snomed_code", "value"])
    gp = gp[gp["event_date"] <= as_of]
    sys_codes, dia_codes = (
        lists["measurements"]["systolic_bp"],
        lists["measurements"]["diastolic_bp"],
    )
    bp = gp[gp["snomed_code"].isin(sys_codes + dia_codes)]
    bp = bp.assign(kind=np.where(bp["snomed_code"].isin(sys_codes), "sys", "dia"))
    wide = bp.pivot_table(
        index=["person_id", "event_date"], columns="kind", values="value", aggfunc="max"
    )
    raised = wide[(wide.get("sys", 0) >= 140) | (wide.get("dia", 0) >= 90)]
    n = raised.groupby(level="person_id").size()
    diagnosed = set(
        gp.loc[gp["snomed_code"].isin(lists["conditions"]["hypertension"]), "person_id"]
    )
    found = n[(n >= 2) & ~n.index.isin(diagnosed)]
    return pd.DataFrame(
        {"person_id": found.index, "condition": "hypertension", "evidence": "", "latest": None}
    )


def phase_refresh_pandas(work: Path, people: int) -> dict:
    from engineroom.population.phm import aggregates, lakeviews, risk, segments
    from engineroom.population.phm.frailty import add_efi
    from engineroom.population.phm.refresh import score_frame
    from engineroom.population.pseudonymise import key_from_env, pseudo_id

    t = time.perf_counter()
    folder = lakeviews.linked_dir(work)
    con = lakeviews.connect(work)  # only for the extract date and the opt-out list
    end = lakeviews.data_end(con)
    opted = set(con.execute("SELECT nhs_number FROM national_opt_out").df()["nhs_number"])
    type1 = set(con.execute("SELECT person_id FROM type1_objection").df()["person_id"])
    frames = []
    for as_of in (end, end - timedelta(days=365)):
        f = add_efi(pandas_features(folder, as_of))
        f["segment"] = segments.assign(f)
        frames.append(f)
    features_secs = time.perf_counter() - t
    current, previous = frames
    flagged = pandas_hypertension(folder, end)
    model, _meta = risk.load(work)
    current = score_frame(model, current)
    secret = key_from_env(KEY)
    pseudo = lambda nhs: pseudo_id(nhs, secret)  # noqa: E731
    secondary = aggregates.secondary_people(current, opted, type1, pseudo)
    prev_secondary = aggregates.secondary_people(previous, opted, type1, pseudo)
    flagged_sec = flagged[~flagged["person_id"].isin(opted | type1)].copy()
    flagged_sec["pseudo_id"] = [pseudo(v) for v in flagged_sec["person_id"]]
    areas = aggregates.areas_from_spec(_spec(people), current["practice"].dropna().unique())
    aggregates.build(secondary, flagged_sec.drop(columns=["person_id"]), areas, prev_secondary)
    secs = time.perf_counter() - t
    return {
        "people": len(current),
        "seconds": secs,
        "features_seconds": features_secs,
        "people_per_second": len(current) / secs,
        "case_finding_hypertension": len(flagged),
    }


def phase_features_check(work: Path, people: int) -> dict:
    """Both implementations for one date: time each and compare every column."""
    from engineroom.population.phm import lakeviews
    from engineroom.population.phm.features import person_features

    con = lakeviews.connect(work)
    end = lakeviews.data_end(con)
    t = time.perf_counter()
    duck = person_features(con, end)
    duck_secs = time.perf_counter() - t
    t = time.perf_counter()
    plain = pandas_features(lakeviews.linked_dir(work), end)
    pandas_secs = time.perf_counter() - t
    plain = plain.sort_values("person_id").reset_index(drop=True)[duck.columns]
    duck = duck.sort_values("person_id").reset_index(drop=True)
    differ = [c for c in duck.columns if not duck[c].astype(str).equals(plain[c].astype(str))]
    return {
        "people": len(duck),
        "duckdb_seconds": duck_secs,
        "pandas_seconds": pandas_secs,
        "columns": len(duck.columns),
        "columns_that_differ": differ,
    }


def phase_refresh_spark(work: Path, people: int) -> dict:
    """The same refresh on PySpark local[2] (the SQL transpiled by sqlglot), start-up included."""
    return phase_refresh(work, people, engine="pyspark")


PHASES = {
    "build": phase_build,
    "train": phase_train,
    "refresh": phase_refresh,
    "refresh-pandas": phase_refresh_pandas,
    "features-check": phase_features_check,
    "refresh-spark": phase_refresh_spark,
}


def run_phase(name: str, work: Path, people: int) -> dict:
    cmd = [sys.executable, __file__, "--phase", name, "--work", str(work), "--people", str(people)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--phase", choices=list(PHASES))
    parser.add_argument("--skip", nargs="*", default=[])
    args = parser.parse_args()
    work = args.work or ROOT / "var" / f"bench-phm-{args.people}"
    if args.phase:
        result = PHASES[args.phase](work, args.people)
        print(json.dumps({**result, "peak_rss_mib": _peak_mib()}, default=str))
        return
    work.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"phm-{args.people}.json"
    earlier = json.loads(path.read_text()) if path.exists() else {}
    results = {
        **earlier,
        "people_requested": args.people,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "load_average": os.getloadavg(),
    }
    for name in PHASES:
        if name in args.skip:
            continue
        print(f"{name} ...", file=sys.stderr, flush=True)
        results[name] = run_phase(name, work, args.people)
        print(f"  {results[name]}", file=sys.stderr, flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n")
    print(path)


if __name__ == "__main__":
    main()
