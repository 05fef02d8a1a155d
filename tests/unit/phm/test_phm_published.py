"""What leaves the engine: the run summary and the model card, every count suppressed."""

import numpy as np
import pandas as pd

from engineroom.population.phm import published, risk
from engineroom.population.phm.suppression import SUPPRESSED


def test_the_run_summary_suppresses_every_count_of_people():
    run = {
        "as_of": "2025-03-31",
        "people": 6003,
        "secondary_people": 5512,
        "opted_out_excluded": 6,
        "case_finding": {"hypertension": 43, "af": 3, "diabetes": 0},
        "areas": 5,
        "model_version": "m1",
    }
    out = published.summary(run)
    assert out["people"] == 6005 and out["secondary_people"] == 5510
    assert out["opted_out_excluded"] == SUPPRESSED
    assert out["case_finding"] == {"hypertension": 45, "af": SUPPRESSED, "diabetes": 0}
    assert out["areas"] == 5 and out["as_of"] == "2025-03-31"  # not counts of people
    assert run["people"] == 6003 and published.summary(out) == out


def fitted_metadata() -> dict:
    """Metadata as ``training.train`` writes it, from ``risk.metrics`` on a small set."""
    rng = np.random.default_rng(8)
    p = rng.uniform(0.001, 0.3, 1203)
    y = (rng.random(1203) < p).astype(int)
    groups = {"ethnicity": pd.Series(np.where(np.arange(1203) < 5, "Other", "White"))}
    found = risk.metrics(y, p, groups)
    return {
        "version": "m1",
        "train_people": 2001,
        "train_events": 6,
        "train_outcome_rate": 0.003,
        "lightgbm_params": {"num_leaves": 15},
        "metrics": {"gbm": found, "logistic": found, "oracle_auroc": 0.8},
    }


def test_the_card_drops_training_parameters_and_suppresses_training_counts():
    card = published.card(fitted_metadata())
    assert "lightgbm_params" not in card
    assert card["train_people"] == 2000
    assert card["train_events"] == card["train_outcome_rate"] == SUPPRESSED
    assert card["metrics"]["oracle_auroc"] == 0.8
    groups = card["metrics"]["gbm"]["subgroups"]["ethnicity"]["groups"]
    assert groups[0]["group"] == "Other" and groups[0]["auroc"] == SUPPRESSED
    assert published.card(card) == card


def test_metadata_from_before_counts_were_kept_is_published_from_its_rates():
    meta = fitted_metadata()
    legacy = {
        "train_people": meta["train_people"],
        "train_outcome_rate": meta["train_outcome_rate"],
        "metrics": {"gbm": _without_counts(meta["metrics"]["gbm"])},
    }
    assert published.card(legacy)["metrics"]["gbm"] == published.metrics(meta["metrics"]["gbm"])
    assert published.card(legacy)["train_people"] == 2000


def _without_counts(found: dict) -> dict:
    """Metrics as risk.metrics recorded them before events, hits and decile counts were kept."""
    out = {k: v for k, v in found.items() if k != "events"}
    out["top"] = [{k: v for k, v in t.items() if k != "hits"} for t in found["top"]]
    out["calibration"] = {
        **found["calibration"],
        "deciles": [
            {"predicted": d["predicted"], "observed": d["observed"]}
            for d in found["calibration"]["deciles"]
        ],
    }
    return out
