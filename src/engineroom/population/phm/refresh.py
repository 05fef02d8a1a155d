"""``refresh``: features -> segments -> case-finding -> scores -> aggregates, published atomically.

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

Every step runs where the data are, on DuckDB or PySpark alike: each intermediate table is an Ibis
expression written once as Parquet (:func:`engineroom.population.engine.materialise`) in a work
folder removed at the end; the model scores Arrow record batches (streamed in DuckDB,
``mapInArrow`` on the Spark executors); ranks are window functions; the direct-care files are
written by the engine. Only counts and the aggregated dashboard reach Python. Training is the one
step that brings person rows into one process (:func:`train`: a bounded sample).
"""

from __future__ import annotations

import fcntl
import math
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import ibis
import numpy as np
import pyarrow as pa

from engineroom.population import engine as engines
from engineroom.population import publish as versions
from engineroom.population.phm import aggregates, casefinding, lakeviews, published, risk, segments
from engineroom.population.phm.features import emergency_outcome, person_features
from engineroom.population.phm.frailty import add_efi
from engineroom.population.phm.published import DIRECT_COLUMNS, direct_care, publish, results_dir
from engineroom.population.pseudonymise import key_from_env, pseudonymised

__all__ = ["DIRECT_COLUMNS", "publish", "results_dir"]  # with the functions below

Progress = Callable[[str, int, int], None]
STEPS = ("features", "segments", "case-finding", "scores", "aggregates", "publish")


def current_results(var: str | Path) -> Path | None:
    return versions.current_folder(results_dir(var))


def profile(lake, as_of: date):
    """Features, eFI and segment for everyone alive and registered on ``as_of`` (an Ibis table)."""
    return segments.assign(add_efi(person_features(lake, as_of)))


def oracle_path(var: str | Path) -> Path:
    return Path(var) / "synth" / "oracle" / "admission_hazard.parquet"


@contextmanager
def workdir(var: str | Path) -> Iterator[Path]:
    """A scratch folder beside the results for the run's intermediate Parquet (on the lake's
    file system, so Spark executors can reach it), removed when the run ends. It holds
    identifiable rows, so a run killed before its clean-up leaves nothing for long: each run
    holds a lock on its folder while it lives, and every run first removes the folders whose
    lock nobody holds."""
    base = Path(var) / "phm" / "work"
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".lock", "a+") as guard:  # one run at a time tidies and starts
        fcntl.flock(guard, fcntl.LOCK_EX)
        _remove_stale(base)
        folder = Path(tempfile.mkdtemp(prefix="run-", dir=base))
        held = open(folder / RUN_LOCK, "a+")  # noqa: SIM115 -- held until the run ends
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        held.close()


RUN_LOCK = ".running"


def _remove_stale(base: Path) -> None:
    """Remove every ``run-*`` folder under ``base`` whose lock no live run holds."""
    for folder in base.glob("run-*"):
        try:
            lock = open(folder / RUN_LOCK, "a+")  # noqa: SIM115 -- closed below
        except OSError:  # gone meanwhile, or not a folder
            continue
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live run
            shutil.rmtree(folder, ignore_errors=True)


# -- risk: train and evaluate on a bounded sample ---------------------------------------------

# Training needs the rows in one process: about this many people, chosen in the engine at the
# same fraction with and without the outcome (so the outcome rate is kept), written as Parquet
# by the engine and read back. Validation metrics use a sample of the same size. The choice is
# integer arithmetic on the NHS number, so it is the same on every engine and every run.
TRAIN_SAMPLE = 300_000
SAMPLE_MULTIPLIER = 48_271
SAMPLE_MODULUS = 1_000_003  # a prime
TRAIN_STEPS = ("training sample", "fit and validate", "save")


def periods(end: date) -> dict[str, date]:
    return {"train": end - timedelta(days=730), "validate": end - timedelta(days=365), "score": end}


def sample(labelled, limit: int):
    """About ``limit`` of the people in ``labelled`` (person_id, outcome, ...), everyone if
    there are no more: those whose NHS number times ``SAMPLE_MULTIPLIER`` modulo
    ``SAMPLE_MODULUS`` falls below the fraction wanted. The key does not depend on the outcome,
    so each stratum (with and without it) keeps the same fraction."""
    people = engines.count_rows(labelled)
    if people <= limit:
        return labelled
    cut = round(limit / people * SAMPLE_MODULUS)
    key = (labelled.person_id.try_cast("int64") * SAMPLE_MULTIPLIER) % SAMPLE_MODULUS
    strata = [labelled.filter(labelled.outcome == flag, key < cut) for flag in (True, False)]
    return strata[0].union(strata[1])


SAMPLE_COLUMNS = (*risk.MODEL_INPUTS, "quintile", "age_band")


def secondary_use(lake, people):
    """``people`` without national opt-outs and GP type 1 objectors: the population a model
    may be trained and validated on (secondary use); direct-care scoring covers everyone."""
    opted, type1 = lake.table("national_opt_out"), lake.table("type1_objection")
    return people.filter(
        ~people.person_id.isin(opted.nhs_number), ~people.person_id.isin(type1.person_id)
    )


def labelled_sample(lake, as_of: date, work: Path, limit: int = TRAIN_SAMPLE, hazard=None):
    """SECONDARY USE: (features, outcome) for about ``limit`` people alive and registered on
    ``as_of``, opt-outs and type 1 objectors removed; the outcome is an emergency admission in
    the following year. ``hazard``: (oracle file, column) adds the generator's true hazard as
    ``oracle_hazard``. The sample is chosen by NHS number in the engine and written without it
    (model inputs and subgroups only): the one step that brings person rows into Python."""
    import pandas as pd

    frame, outcome = profile(lake, as_of), emergency_outcome(lake, as_of)
    admitted = outcome.filter(outcome.n > 0).person_id
    frame = secondary_use(lake, frame)
    labelled = sample(frame.mutate(outcome=frame.person_id.isin(admitted)), limit)
    columns = [*SAMPLE_COLUMNS, "outcome"]
    if hazard and Path(hazard[0]).exists():
        truth = lake.con.read_parquet(str(hazard[0]), table_name=engines.unique_name("oracle"))
        truth = truth.select(_nhs=truth.nhs_number, oracle_hazard=truth[hazard[1]])
        labelled = labelled.left_join(truth, labelled.person_id == truth._nhs)
        columns.append("oracle_hazard")
    name = f"sample-{as_of.isoformat()}.parquet"
    ordered = labelled.order_by("person_id").select(*columns)
    found = pd.read_parquet(engines.write_parquet(lake.con, ordered, work / name))
    return found, found.pop("outcome").to_numpy().astype(int)


def evaluate_model(model: risk.RiskModel, lake, end: date, oracle: Path | None, work: Path):
    """Model card metrics on the validation period (features T-365, outcome in the year to T),
    and at scoring time (features T) the mean predicted risk beside the oracle's."""
    frame, y = labelled_sample(
        lake, periods(end)["validate"], work, hazard=(oracle, "hazard_year3")
    )
    groups = risk.subgroups(frame)
    return {
        "gbm": risk.metrics(y, model.predict(frame), groups),
        "logistic": risk.metrics(y, model.predict_logistic(frame), groups),
        "oracle_auroc": risk.oracle_auroc(frame, y),
        "oracle_subgroups": {"deprivation_quintile": risk.oracle_subgroup(frame, y, "quintile")},
        "validation_means": risk.feature_means(frame),
        "scoring": _at_scoring(model, lake, end, oracle, work),
    }


def _at_scoring(model: risk.RiskModel, lake, end: date, oracle: Path | None, work: Path) -> dict:
    """Feature means on the scoring date, and the mean predicted 12-month risk beside the mean
    true risk from the oracle (where there is one), on a sample of the secondary-use population."""
    frame, _ = labelled_sample(lake, end, work, hazard=(oracle, "hazard_next_year"))
    predicted = model.predict(frame)
    out = {"people": len(frame), "mean_predicted": round(float(predicted.mean()), 4)}
    if "oracle_hazard" in frame:
        truth = 1 - np.exp(-frame["oracle_hazard"].to_numpy(float))
        known = ~np.isnan(truth)
        out["oracle_mean"] = round(float(truth[known].mean()), 4)
        out["predicted_over_oracle"] = round(
            float(predicted[known].mean() / truth[known].mean()), 4
        )
    return {**out, "feature_means": risk.feature_means(frame)}


def train(
    var: str | Path, progress: Progress | None = None, engine: str = "duckdb", *, lake=None
) -> dict:
    """Fit on (features T-730, outcome next year), validate on (T-365, next year), save.
    ``lake``: the refresh's own (left open); without it one is opened and closed here."""
    step = progress or (lambda *_: None)
    with workdir(var) as work:
        own = lake is None
        lake = lake or lakeviews.connect(var, engine=engine, spill=work)
        try:
            model, facts = _fit(var, lake, work, step)
        finally:
            if own:
                lake.close()
    step(TRAIN_STEPS[1], 2, 3)
    metadata = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "outcome": "one or more emergency admissions in the 12 months after the feature date",
        **facts,
        "train_sample_limit": TRAIN_SAMPLE,
        "features": list(risk.FEATURES),
        "models": {"gbm": "LightGBM", "logistic": "LogisticRegression"},
        "lightgbm_params": risk.LGBM_PARAMS,
        "engine": engine,
    }
    version = risk.save(var, model, metadata)
    step(TRAIN_STEPS[2], 3, 3)
    return {"version": version, **metadata}


def _fit(var, lake, work: Path, step) -> tuple[risk.RiskModel, dict]:
    """The fitted model and what the card says of its windows, sample and metrics."""
    end = lakeviews.data_end(lake)
    p = periods(end)
    frame, y = labelled_sample(lake, p["train"], work)
    step(TRAIN_STEPS[0], 1, 3)
    model = risk.fit(frame, y)
    return model, {
        "population": "secondary use: national data opt-outs and GP type 1 objections removed",
        "cohort": "people alive and registered with a practice on the feature date",
        "train_means": risk.feature_means(frame),
        "rounds": model.booster.num_trees(),
        "train_window": {"features_as_of": p["train"], "outcome": [p["train"], p["validate"]]},
        "validation_window": {"features_as_of": p["validate"], "outcome": [p["validate"], end]},
        "train_people": len(y),
        "train_events": int(y.sum()),
        "train_outcome_rate": round(float(y.mean()), 4) if len(y) else 0.0,
        "metrics": evaluate_model(model, lake, end, oracle_path(var), work),
    }


# -- scores ----------------------------------------------------------------------------------


def _predict(model: risk.RiskModel, batch: pa.RecordBatch) -> dict[str, pa.Array]:
    """One record batch's 12-month probabilities (on a DuckDB thread or a Spark executor)."""
    return {"risk": pa.array(model.predict(batch.to_pandas()), pa.float64())}


def score(lake, model: risk.RiskModel, people, work: Path, name: str = "phm_scored"):
    """``people`` with ``risk`` (12-month probability), ``risk_rank`` (1 = highest; ties by NHS
    number) and ``risk_group`` (0 top 0.5%, 1 top 1%, 2 top 5%, 3 rest) over everyone scored."""
    con = lake.con
    raw = engines.map_batches(con, people, _predict, model, {"risk": pa.float64()}, work, name)
    n = engines.count_rows(raw)
    cuts = [math.ceil(f * n) for f in risk.TOP]
    rank = (ibis.row_number().over(order_by=[ibis.desc("risk"), "person_id"]) + 1).cast("int64")
    ranked = raw.mutate(risk_rank=rank)
    group = ibis.cases(*((ranked.risk_rank <= c, i) for i, c in enumerate(cuts)), else_=len(cuts))
    return engines.materialise(con, ranked.mutate(risk_group=group.cast("int64")), work, name + "r")


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
    (counts suppressed). ``progress(step, number, steps)`` is called as each step finishes.

    ``engine``: ``duckdb`` (embedded, default) or ``pyspark`` (the same Ibis expressions)."""
    secret = key_from_env(key)
    step = _stepper(progress)
    with workdir(var) as work:
        lake = lakeviews.connect(var, threads=threads, engine=engine, spill=work)
        try:
            shown = _run(var, lake, work, step, spec=spec, secret=secret, retrain=retrain)
        finally:
            lake.close()
    step("publish", 6)
    return shown


def _run(var, lake, work: Path, step, *, spec, secret: bytes, retrain: bool) -> dict:
    """Every step of :func:`refresh` on an open lake; the published summary."""
    end = lakeviews.data_end(lake)
    current, previous, flagged = _profiles(lake, end, work, step)
    model, meta = _model(var, lake, retrain, lake.engine)
    current = score(lake, model, current, work)
    step("scores", 4)
    areas = aggregates.areas_from_spec(spec, _practices(current))
    dashboard, secondary, flagged_sec = _dashboard(
        lake, current, previous, flagged, areas, secret, work
    )
    step("aggregates", 5)
    summary = _summary(lake, end, current, flagged_sec, secondary, meta["version"], len(areas))
    summary["engine"] = lake.engine
    shown = published.summary(summary)
    files = direct_care(lake, end, current, flagged)
    shown["version"] = publish(var, lake, files, dashboard, shown, meta)
    return shown


def _profiles(lake, end: date, work: Path, step):
    """This year's and last year's features, then segments, then the case-finding flags, each
    written once where the data are (the steps the progress reports)."""
    con, before = lake.con, end - timedelta(days=365)
    current = engines.materialise(con, add_efi(person_features(lake, end)), work, "phm_features")
    previous = engines.materialise(con, add_efi(person_features(lake, before)), work, "phm_prev")
    step("features", 1)
    current = engines.materialise(con, segments.assign(current), work, "phm_profile")
    previous = engines.materialise(con, segments.assign(previous), work, "phm_prev_profile")
    step("segments", 2)
    flagged = engines.materialise(con, casefinding.find_cases(lake, end), work, "phm_flagged")
    step("case-finding", 3)
    return current, previous, flagged


def _model(var, lake, retrain: bool, engine: str):
    """The current model, trained first when asked or when there is none."""
    if retrain or not risk.current(var):
        train(var, engine=engine, lake=lake)
    return risk.load(var)


def _practices(current) -> list[str]:
    found = current.select("practice").distinct().to_pyarrow().column("practice").to_pylist()
    return [p for p in found if p]


def _summary(lake, end, current, flagged_sec, secondary, model_version, areas) -> dict:
    """The run summary, before small counts are suppressed for publication. It is secondary
    use: the case-finding counts are of the secondary-use flags (opt-outs and type 1 objectors
    removed)."""
    opted = lake.table("national_opt_out")
    by_condition = flagged_sec.group_by("condition").agg(n=flagged_sec.count()).to_pyarrow()
    found = dict(
        zip(*(by_condition.column(c).to_pylist() for c in ("condition", "n")), strict=True)
    )
    return {
        "as_of": end.isoformat(),
        "previous_as_of": (end - timedelta(days=365)).isoformat(),
        "people": engines.count_rows(current),
        "secondary_people": secondary,
        "opted_out_excluded": engines.count_rows(
            current.filter(current.person_id.isin(opted.nhs_number))
        ),
        "case_finding": {c: int(found.get(c, 0)) for c in casefinding.CONDITIONS},
        "model_version": model_version,
        "areas": areas,
    }


def _stepper(progress: Progress | None) -> Callable[[str, int], None]:
    """``progress`` called as (step name, step number, steps in all)."""
    total = len(STEPS)
    return lambda name, number: progress(name, number, total) if progress else None


# -- secondary use ---------------------------------------------------------------------------


def _dashboard(lake, current, previous, flagged, areas, secret: bytes, work: Path):
    """SECONDARY USE: opt-outs and type 1 objectors removed, NHS numbers replaced by the keyed
    pseudonym (computed in the engine, once per person), every count suppressed. Returns the
    dashboard, how many people it covers and its case-finding flags (by pseudonym)."""
    con = lake.con
    opted, type1 = lake.table("national_opt_out"), lake.table("type1_objection")
    ids = current.select("person_id").union(previous.select("person_id"), distinct=True)
    ids = secondary_use(lake, ids).rename(nhs_number="person_id")
    pseudo = pseudonymised(ids, "nhs_number", secret)
    pseudo = engines.materialise(con, pseudo, work, "phm_pseudo")
    secondary = aggregates.secondary_people(current, opted, type1, pseudo)
    secondary = engines.materialise(con, secondary, work, "phm_secondary")
    earlier = aggregates.secondary_people(previous, opted, type1, pseudo)
    earlier = engines.materialise(con, earlier, work, "phm_prev_secondary")
    flagged_sec = flagged.inner_join(pseudo, flagged.person_id == pseudo.nhs_number)
    flagged_sec = flagged_sec.drop("person_id", "nhs_number")
    flagged_sec = engines.materialise(con, flagged_sec, work, "phm_flagged_secondary")
    dashboard = aggregates.build(secondary, flagged_sec, areas, earlier)
    return dashboard, engines.count_rows(secondary), flagged_sec
