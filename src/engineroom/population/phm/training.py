"""Train and evaluate the risk model on a bounded, secondary-use sample (``engineroom risk train``).

Periods (T = the data end): *train* on features as of T-730 with the outcome in the next year;
*validate* on features as of T-365; at *scoring* time (features as of T) the mean predicted risk is
set beside the oracle's. Training and validation use secondary-use data only (national opt-outs and
GP type 1 objectors removed); the direct-care scores of the refresh cover everyone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import ibis
import numpy as np
from ibis import _

from engineroom.population import engine as engines
from engineroom.population.phm import lakeviews, risk
from engineroom.population.phm.features import emergency_outcome, registered_on
from engineroom.population.phm.runs import Progress, oracle_path, profile, workdir

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


def sample(labelled, limit: int, people: int | None = None):
    """About ``limit`` of the people in ``labelled`` (person_id, outcome, ...), everyone if
    there are no more: those whose NHS number times ``SAMPLE_MULTIPLIER`` modulo
    ``SAMPLE_MODULUS`` falls below the fraction wanted. The key does not depend on the outcome,
    so each stratum (with and without it) keeps the same fraction. ``people``: how many rows
    ``labelled`` has, where a cheaper count than the table's own is known."""
    people = engines.count_rows(labelled) if people is None else people
    if people <= limit:
        return labelled
    cut = round(limit / people * SAMPLE_MODULUS)
    key = (labelled.person_id.try_cast("int64") * SAMPLE_MULTIPLIER) % SAMPLE_MODULUS
    strata = [labelled.filter(labelled.outcome == flag, key < cut) for flag in (True, False)]
    return strata[0].union(strata[1])


SAMPLE_COLUMNS = (*risk.MODEL_INPUTS, "quintile", "age_band")


def labelled_sample(lake, as_of: date, work: Path, limit: int = TRAIN_SAMPLE, hazard=None):
    """SECONDARY USE: (features, outcome) for about ``limit`` people alive and registered on
    ``as_of``, opt-outs and type 1 objectors removed; the outcome is an emergency admission in
    the following year. ``hazard``: (oracle file, column) adds the generator's true hazard as
    ``oracle_hazard``. The sample is chosen by NHS number in the engine and written without it
    (model inputs and subgroups only): the one step that brings person rows into Python."""
    import pandas as pd

    frame, outcome = profile(lake, as_of), emergency_outcome(lake, as_of)
    admitted = outcome.filter(outcome.n > 0).person_id
    frame = lakeviews.secondary_use(lake, frame)
    # the profile has one row per person alive and registered: count those, not the profile
    cohort = registered_on(lake, ibis.date(as_of)).select(person_id=_.nhs_number)
    people = engines.count_rows(lakeviews.secondary_use(lake, cohort))
    labelled = sample(frame.mutate(outcome=frame.person_id.isin(admitted)), limit, people)
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
