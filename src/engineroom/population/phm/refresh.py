"""``refresh``: features -> segments -> scores -> aggregates, published atomically.

Results go to ``<var>/phm/results/<version>/`` and become visible only when
``<var>/phm/results/CURRENT`` is swapped to that version (one previous version is kept for open
readers). Two kinds of output, kept apart:

- ``people.parquet`` — DIRECT CARE: identifiable, national opt-out NOT applied; read only by the
  worklist pages, each view audited, only for the person's own practice or PCN.
- ``dashboard.json`` — SECONDARY USE: built from the pseudonymised person table with national
  opt-outs and GP type 1 objections removed; every count suppressed.
- ``meta.json`` (the run summary) and ``model_card.json`` — SECONDARY USE: every count through the
  same suppression function (:mod:`engineroom.population.phm.published`), as is the summary returned.
- ``casefinding.parquet`` — DIRECT CARE, like ``people.parquet``: each case-finding flag with
  its evidence in words, by NHS number; ``evidence.parquet`` the readings behind each flag (date,
  values, the recording organisation), shown on the worklists.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from engineroom.population import publish as versions
from engineroom.population.phm import aggregates, casefinding, lakeviews, published, risk, segments
from engineroom.population.phm.features import emergency_outcome, person_features
from engineroom.population.phm.frailty import add_efi
from engineroom.population.pseudonymise import key_from_env, pseudo_id

Progress = Callable[[str, int, int], None]
STEPS = ("features", "segments", "case-finding", "scores", "aggregates", "publish")


def results_dir(var: str | Path) -> Path:
    return Path(var) / "phm" / "results"


def current_results(var: str | Path) -> Path | None:
    return versions.current_folder(results_dir(var))


def oracle_path(var: str | Path) -> Path:
    return Path(var) / "synth" / "oracle" / "admission_hazard.parquet"


def profile(con, as_of: date) -> pd.DataFrame:
    """Features, eFI and segment for everyone alive and registered on ``as_of``."""
    frame = add_efi(person_features(con, as_of))
    frame["segment"] = segments.assign(frame)
    return frame


# -- risk: train, evaluate, score ------------------------------------------------------------


def periods(end: date) -> dict[str, date]:
    return {"train": end - timedelta(days=730), "validate": end - timedelta(days=365), "score": end}


def _labelled(con, as_of: date) -> tuple[pd.DataFrame, np.ndarray]:
    frame = profile(con, as_of)
    outcome = emergency_outcome(con, as_of)
    y = frame["person_id"].map(outcome).fillna(0).to_numpy() > 0
    return frame, y.astype(int)


def evaluate_model(model: risk.RiskModel, con, end: date, oracle: Path | None) -> dict:
    """Model card metrics on the validation period (features T-365, outcome in the year to T)."""
    frame, y = _labelled(con, periods(end)["validate"])
    groups = risk.subgroups(frame)
    return {
        "gbm": risk.metrics(y, model.predict(frame), groups),
        "logistic": risk.metrics(y, model.predict_logistic(frame), groups),
        "oracle_auroc": risk.oracle_auroc(frame, y, oracle, "hazard_year3"),
    }


def train(var: str | Path, progress: Progress | None = None, engine: str = "duckdb") -> dict:
    """Fit on (features T-730, outcome next year), validate on (T-365, next year), save."""
    step = progress or (lambda *_: None)
    con = lakeviews.connect(var, engine=engine)
    end = lakeviews.data_end(con)
    p = periods(end)
    step("training features", 1, 3)
    frame, y = _labelled(con, p["train"])
    model = risk.fit(frame, y)
    step("validation", 2, 3)
    metrics = evaluate_model(model, con, end, oracle_path(var))
    metadata = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "outcome": "one or more emergency admissions in the 12 months after the feature date",
        "train_window": {"features_as_of": p["train"], "outcome": [p["train"], p["validate"]]},
        "validation_window": {"features_as_of": p["validate"], "outcome": [p["validate"], end]},
        "train_people": len(y),
        "train_events": int(y.sum()),
        "train_outcome_rate": round(float(y.mean()), 4),
        "features": list(risk.FEATURES),
        "models": {"gbm": "LightGBM", "logistic": "LogisticRegression"},
        "lightgbm_params": risk.LGBM_PARAMS,
        "rounds": risk.ROUNDS,
        "engine": engine,
        "metrics": metrics,
    }
    version = risk.save(var, model, metadata)
    step("saved", 3, 3)
    return {"version": version, **metadata}


def score_frame(model: risk.RiskModel, frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``risk`` (12-month probability), ``risk_rank`` (1 = highest) and ``risk_group``
    (0 top 0.5%, 1 top 1%, 2 top 5%, 3 rest) over the whole population scored."""
    frame["risk"] = model.predict(frame) if len(frame) else np.array([])
    rank = frame["risk"].rank(method="first", ascending=False).astype(int)
    frame["risk_rank"] = rank
    n = len(frame)
    cuts = [np.ceil(f * n) for f in risk.TOP]
    frame["risk_group"] = np.searchsorted(cuts, rank.to_numpy(), side="left")
    return frame


# -- refresh ---------------------------------------------------------------------------------


def refresh(
    var: str | Path,
    *,
    spec: dict | None = None,
    key: str | bytes | None = None,
    progress: Progress | None = None,
    retrain: bool = False,
    threads: int | None = None,
    engine: str = "duckdb",
) -> dict:
    """Run every step and publish a new results version; returns the run summary as published
    (counts suppressed).

    ``engine``: ``duckdb`` (embedded, default) or ``pyspark`` (the same SQL, transpiled)."""
    secret = key_from_env(key)
    step = _stepper(progress)
    con = lakeviews.connect(var, threads=threads, engine=engine)
    end = lakeviews.data_end(con)
    current, previous, flagged, meta = _scored(var, con, end, step, retrain, engine)
    opted = set(con.execute("SELECT nhs_number FROM national_opt_out").df()["nhs_number"])
    type1 = set(con.execute("SELECT person_id FROM type1_objection").df()["person_id"])
    areas = aggregates.areas_from_spec(spec, current["practice"].dropna().unique())
    dashboard, secondary = _dashboard(current, previous, flagged, opted, type1, areas, secret)
    step("aggregates", 5)
    summary = _summary(end, current, flagged, opted, secondary, meta["version"], len(areas))
    summary["engine"] = engine
    people = direct_care_people(current, flagged, person_names(con))
    readings = casefinding.evidence(con, end, flagged)
    shown = published.summary(summary)
    shown["version"] = publish(var, people, flagged, readings, dashboard, shown, meta)
    step("publish", 6)
    return shown


def _summary(end, current, flagged, opted, secondary, model_version, areas) -> dict:
    """The run summary, before small counts are suppressed for publication."""
    return {
        "as_of": end.isoformat(),
        "previous_as_of": (end - timedelta(days=365)).isoformat(),
        "people": len(current),
        "secondary_people": secondary,
        "opted_out_excluded": int(current["person_id"].isin(opted).sum()),
        "case_finding": {c: int((flagged["condition"] == c).sum()) for c in casefinding.CONDITIONS},
        "model_version": model_version,
        "areas": areas,
    }


def _stepper(progress: Progress | None) -> Callable[[str, int], None]:
    """``progress`` called as (step name, step number, steps in all)."""
    total = len(STEPS)
    return lambda name, number: progress(name, number, total) if progress else None


def _scored(var, con, end: date, step, retrain: bool, engine: str):
    """This year's and last year's profiles (this year's scored by the current model, trained
    first when asked or when there is none), and the people case-finding flags."""
    current = profile(con, end)
    previous = profile(con, end - timedelta(days=365))
    step("features", 1)
    step("segments", 2)
    flagged = casefinding.find_cases(con, end)
    step("case-finding", 3)
    if retrain or not risk.current(var):
        train(var, engine=engine)
    model, meta = risk.load(var)
    current = score_frame(model, current)
    step("scores", 4)
    return current, previous, flagged, meta


def _dashboard(current, previous, flagged, opted, type1, areas, secret) -> tuple[dict, int]:
    """SECONDARY USE: opt-outs and type 1 objectors removed, NHS numbers replaced by the keyed
    pseudonym, every count suppressed. Returns the dashboard and how many people it covers."""
    everyone = (set(current["person_id"]) | set(previous["person_id"])) - opted - type1
    pseudonyms = {nhs: pseudo_id(nhs, secret) for nhs in everyone}  # one keyed hash per person
    pseudo = lambda nhs: pseudonyms.get(nhs) or pseudo_id(nhs, secret)  # noqa: E731
    secondary = aggregates.secondary_people(current, opted, type1, pseudo)
    prev_secondary = aggregates.secondary_people(previous, opted, type1, pseudo)
    flagged_sec = flagged[~flagged["person_id"].isin(opted | type1)].copy()
    flagged_sec["pseudo_id"] = [pseudo(v) for v in flagged_sec["person_id"]]
    flagged_sec = flagged_sec.drop(columns=["person_id"])
    return aggregates.build(secondary, flagged_sec, areas, prev_secondary), len(secondary)


# DIRECT CARE: the identifiable columns the worklists show.
DIRECT_COLUMNS = (
    *("person_id", "birth_date", "sex", "age", "age_band", "ethnicity_group", "practice"),
    *("quintile", "segment", "efi", "efi_category", "risk", "risk_rank", "risk_group"),
    *("emergency_admissions", "ae_attendances", "medicines", "care_home"),
    *("hypertension", "af", "diabetes", "ckd", "copd", "heart_failure", "dementia"),
)


def person_names(con) -> pd.DataFrame:
    """DIRECT CARE: each person's given and family name from the linked person index (none for
    a lake whose registrations carried no names)."""
    if "given_name" not in con.execute("SELECT * FROM person LIMIT 0").df().columns:
        return pd.DataFrame(columns=["person_id", "given_name", "family_name"])
    return con.execute("SELECT nhs_number AS person_id, given_name, family_name FROM person").df()


def direct_care_people(
    current: pd.DataFrame, flagged: pd.DataFrame, names: pd.DataFrame
) -> pd.DataFrame:
    people = current[list(DIRECT_COLUMNS)].rename(columns={"person_id": "nhs_number"})
    found = flagged.groupby("person_id")["condition"].agg(lambda s: ";".join(sorted(s)))
    people["case_finding"] = people["nhs_number"].map(found).fillna("")
    named = names.drop_duplicates("person_id").set_index("person_id")
    for column in ("given_name", "family_name"):
        people[column] = people["nhs_number"].map(named[column]).astype(object)
    return people


def publish(var, people, flagged, readings, dashboard, summary, model_meta) -> str:
    """A new results version, made current atomically (:mod:`engineroom.population.publish`).
    The run summary and the model's metadata are written only through
    :mod:`engineroom.population.phm.published` (counts suppressed; publishing an already
    published summary changes nothing)."""

    def write(folder: Path, version: str) -> None:
        people.to_parquet(folder / "people.parquet", index=False)
        for frame, name in ((flagged, "casefinding"), (readings, "evidence")):
            frame.rename(columns={"person_id": "nhs_number"}).to_parquet(
                folder / f"{name}.parquet", index=False
            )
        (folder / "dashboard.json").write_text(json.dumps(dashboard, default=str))
        card = published.card(model_meta)
        (folder / "model_card.json").write_text(json.dumps(card, indent=1, default=str))
        (folder / "meta.json").write_text(
            json.dumps(published.summary(summary) | {"version": version}, indent=1)
        )

    return versions.publish(results_dir(var), "r", write)
