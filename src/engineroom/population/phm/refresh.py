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
step that brings person rows into one process (:mod:`.training`: a bounded sample).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import ibis
import pyarrow as pa

from engineroom.population import engine as engines
from engineroom.population import publish as versions
from engineroom.population.phm import aggregates, casefinding, lakeviews, published, risk, segments
from engineroom.population.phm.features import person_features
from engineroom.population.phm.frailty import add_efi
from engineroom.population.phm.published import DIRECT_COLUMNS, direct_care, publish, results_dir
from engineroom.population.phm.runs import Progress, workdir
from engineroom.population.phm.training import train
from engineroom.population.pseudonymise import key_from_env, pseudonymised

__all__ = ["DIRECT_COLUMNS", "publish", "results_dir"]  # with the functions below

STEPS = ("features", "segments", "case-finding", "scores", "aggregates", "publish")


def current_results(var: str | Path) -> Path | None:
    return versions.current_folder(results_dir(var))


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
    ids = lakeviews.secondary_use(lake, ids).rename(nhs_number="person_id")
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
