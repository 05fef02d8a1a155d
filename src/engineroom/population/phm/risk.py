"""Emergency-admission risk: a logistic baseline and a LightGBM model, validated temporally.

Periods (T = extract date): *train* on features as of T-730 with the outcome (any emergency
admission) in (T-730, T-365]; *validate* on features as of T-365 with the outcome in (T-365, T];
*score* the whole population on features as of T for the next 12 months. Metrics are those PARR
and the Combined Predictive Model reported, plus the oracle AUROC (the generator's true hazard for
the validation year, where available: the ceiling any model could reach on these data).
"""

from __future__ import annotations

import json
import math
import pickle
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.preprocessing import StandardScaler

from engineroom.population import publish as versions
from engineroom.population.phm import published
from engineroom.population.phm.codes import CONDITIONS
from engineroom.population.phm.features import ACTIVITY

NUMERIC = ("age", "deprivation_decile", "efi", *ACTIVITY, "medicines")
FLAGS = (*(c for c in CONDITIONS if c != "palliative_care"), "care_home", "social_care")
ETHNIC = ("White", "Asian", "Black", "Mixed", "Other")
FEATURES = (*NUMERIC, "female", *FLAGS, *(f"ethnicity_{e.lower()}" for e in ETHNIC))
MODEL_INPUTS = (*NUMERIC, "sex", *FLAGS, "ethnicity_group")  # the columns :func:`matrix` reads
TOP = (0.005, 0.01, 0.05)
# PARR++ at a score of 50 (Billings et al. 2006, REFERENCE.md): the threshold the NHS used.
THRESHOLD = 0.5
PARR_AT_50 = {"ppv": 0.65, "sensitivity": 0.543, "source": "PARR++ at score 50 (Billings 2006)"}
LGBM_PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 100,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.9,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "num_threads": 1,
    "seed": 7,
}
ROUNDS = 1000  # at most; :func:`_rounds` stops early
EARLY_STOP = 50


def matrix(frame: pd.DataFrame) -> np.ndarray:
    cols = {
        name: frame[name].astype(float).fillna(5.5 if name == "deprivation_decile" else 0.0)
        for name in NUMERIC
    }
    cols["female"] = (frame["sex"] == "F").astype(float)
    for name in FLAGS:
        cols[name] = frame[name].astype(float)
    for e in ETHNIC:
        cols[f"ethnicity_{e.lower()}"] = (frame["ethnicity_group"] == e).astype(float)
    return np.column_stack([cols[name].to_numpy() for name in FEATURES])


class RiskModel:
    """Both models; ``predict`` uses the gradient-boosted one (the logistic is the baseline)."""

    def __init__(self, logistic, scaler, booster_text: str):
        self.logistic, self.scaler, self.booster_text = logistic, scaler, booster_text
        self._booster = None

    @property
    def booster(self):
        if self._booster is None:
            import lightgbm as lgb

            self._booster = lgb.Booster(model_str=self.booster_text)
        return self._booster

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        return self.booster.predict(matrix(frame))

    def predict_logistic(self, frame: pd.DataFrame) -> np.ndarray:
        return self.logistic.predict_proba(self.scaler.transform(matrix(frame)))[:, 1]

    def __getstate__(self):
        return {"logistic": self.logistic, "scaler": self.scaler, "booster_text": self.booster_text}

    def __setstate__(self, state):
        self.__init__(state["logistic"], state["scaler"], state["booster_text"])


def fit(frame: pd.DataFrame, outcome: np.ndarray) -> RiskModel:
    import lightgbm as lgb

    x, y = matrix(frame), np.asarray(outcome, dtype=int)
    scaler = StandardScaler().fit(x)
    logistic = LogisticRegression(max_iter=2000).fit(scaler.transform(x), y)
    rounds = _rounds(x, y)
    booster = lgb.train(LGBM_PARAMS, lgb.Dataset(x, label=y), num_boost_round=rounds)
    return RiskModel(logistic, scaler, booster.model_to_string())


def _rounds(x: np.ndarray, y: np.ndarray) -> int:
    """How many boosting rounds: early stopping on a fifth of the training rows held out (every
    fifth row, so the same on every run), then the whole sample is fitted with that many. Too
    many rounds on a small sample overfit, and the calibration slope falls below one."""
    import lightgbm as lgb

    held = np.arange(len(y)) % 5 == 0
    if y[held].sum() == 0 or y[~held].sum() == 0:
        return ROUNDS
    fit, check = lgb.Dataset(x[~held], label=y[~held]), lgb.Dataset(x[held], label=y[held])
    stop = lgb.early_stopping(EARLY_STOP, verbose=False)
    booster = lgb.train(LGBM_PARAMS, fit, ROUNDS, valid_sets=[check], callbacks=[stop])
    return max(1, round(booster.best_iteration * 1.25))  # a quarter more rows, a little more


# -- metrics ----------------------------------------------------------------------------------


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _logistic_fit(y: np.ndarray, x: np.ndarray, offset: np.ndarray | None = None) -> np.ndarray:
    """Unpenalised logistic regression coefficients (statsmodels GLM, binomial); not a number
    where the outcome is perfectly separated (no finite answer)."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    family = sm.families.Binomial()
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        try:
            return np.asarray(sm.GLM(y, x, family=family, offset=offset).fit().params)
        except PerfectSeparationWarning:
            return np.full(x.shape[1], np.nan)


def calibration(y: np.ndarray, p: np.ndarray) -> dict:
    """Slope (logistic recalibration of y on logit p) and intercept (calibration-in-the-large,
    slope fixed at 1), plus observed vs expected by decile of predicted risk for the plot."""
    lp = _logit(p)
    slope = _logistic_fit(y, np.column_stack([np.ones_like(lp), lp]))[1]
    intercept = _logistic_fit(y, np.ones((len(y), 1)), offset=lp)[0]
    order = np.argsort(p)
    deciles = []
    for chunk in np.array_split(order, 10):
        if len(chunk):
            deciles.append(
                {
                    "predicted": round(float(p[chunk].mean()), 4),
                    "observed": round(float(y[chunk].mean()), 4),
                    "people": len(chunk),
                    "events": int(y[chunk].sum()),
                }
            )
    return {
        "slope": None if np.isnan(slope) else round(float(slope), 3),
        "intercept": None if np.isnan(intercept) else round(float(intercept), 3),
        "deciles": deciles,
    }


def at_threshold(y: np.ndarray, p: np.ndarray, threshold: float = THRESHOLD) -> dict:
    """People at predicted risk >= ``threshold``: how many, PPV and sensitivity, beside PARR++."""
    flagged = p >= threshold
    n, hits = int(flagged.sum()), int(y[flagged].sum())
    return {
        "threshold": threshold,
        "people": n,
        "hits": hits,
        "ppv": round(hits / n, 4) if n else None,
        "sensitivity": round(hits / y.sum(), 4) if y.sum() else None,
        "reference": PARR_AT_50,
    }


def feature_means(frame: pd.DataFrame) -> dict[str, float]:
    """The mean of each model feature (as the model sees it) over ``frame``."""
    if frame.empty:
        return dict.fromkeys(FEATURES)
    means = matrix(frame).mean(axis=0)
    return {name: round(float(v), 4) for name, v in zip(FEATURES, means, strict=True)}


def _auroc(y: np.ndarray, p: np.ndarray) -> float | None:
    return round(float(roc_auc_score(y, p)), 4) if 0 < y.sum() < len(y) else None


def top_fraction(y: np.ndarray, p: np.ndarray, fraction: float) -> dict:
    n = max(1, math.ceil(fraction * len(p)))
    top = np.argsort(-p, kind="stable")[:n]
    hits = int(y[top].sum())
    return {
        "fraction": fraction,
        "people": n,
        "hits": hits,
        "ppv": round(hits / n, 4),
        "sensitivity": round(hits / y.sum(), 4) if y.sum() else None,
    }


def metrics(y, p, groups: dict[str, pd.Series] | None = None) -> dict:
    y, p = np.asarray(y, dtype=int), np.asarray(p, dtype=float)
    out = {
        "people": len(y),
        "events": int(y.sum()),
        "outcome_rate": round(float(y.mean()), 4),
        "auroc": _auroc(y, p),
        "brier": round(float(brier_score_loss(y, p)), 4),
        "calibration": calibration(y, p),
        "top": [top_fraction(y, p, f) for f in TOP],
        "at_threshold": at_threshold(y, p),
        "subgroups": {},
    }
    for name, labels in (groups or {}).items():
        out["subgroups"][name] = _subgroup_aurocs(y, p, labels.to_numpy())
    return out


def _subgroup_aurocs(y: np.ndarray, p: np.ndarray, values: np.ndarray) -> dict:
    """AUROC within each group, and the largest gap between any two groups."""
    rows = []
    for value in sorted(pd.unique(values[pd.notna(values)]), key=str):
        mask = values == value
        people, events = int(mask.sum()), int(y[mask].sum())
        auroc = _auroc(y[mask], p[mask])
        rows.append({"group": str(value), "people": people, "events": events, "auroc": auroc})
    aurocs = [r["auroc"] for r in rows if r["auroc"] is not None]
    gap = round(max(aurocs) - min(aurocs), 4) if aurocs else None
    return {"groups": rows, "largest_gap": gap}


def subgroups(frame: pd.DataFrame) -> dict[str, pd.Series]:
    return {
        "deprivation_quintile": frame["quintile"],
        "sex": frame["sex"],
        "ethnicity": frame["ethnicity_group"],
        "age_band": frame["age_band"],
    }


def oracle_auroc(frame: pd.DataFrame, y: np.ndarray) -> float | None:
    """AUROC of the generator's true hazard (``oracle_hazard``) for the outcome year, the
    ceiling any model could reach on these data (None without an oracle)."""
    if "oracle_hazard" not in frame:
        return None
    hazard = frame["oracle_hazard"].to_numpy(float)
    known = ~np.isnan(hazard)
    return _auroc(np.asarray(y, dtype=int)[known], 1 - np.exp(-hazard[known]))


def oracle_subgroup(frame: pd.DataFrame, y: np.ndarray, column: str) -> dict | None:
    """The oracle's own AUROC within each group of ``column``: how far a gap between groups is
    in the data rather than the model (None without an oracle)."""
    if "oracle_hazard" not in frame:
        return None
    hazard = frame["oracle_hazard"].to_numpy(float)
    known = ~np.isnan(hazard)
    values = frame[column].to_numpy()[known]
    return _subgroup_aurocs(np.asarray(y, dtype=int)[known], 1 - np.exp(-hazard[known]), values)


# -- artefacts --------------------------------------------------------------------------------


def models_dir(var: str | Path) -> Path:
    return Path(var) / "phm" / "models"


def save(var: str | Path, model: RiskModel, metadata: dict) -> str:
    """A new ``models/<version>/{model.pkl,metadata.json}``, made current atomically; the three
    newest versions are kept."""

    def write(folder: Path, version: str) -> None:
        with open(folder / "model.pkl", "wb") as fh:
            pickle.dump(model, fh)
        meta = {"version": version, **metadata}
        (folder / "metadata.json").write_text(json.dumps(meta, indent=1, default=str))

    return versions.publish(models_dir(var), "m", write, keep=2)


def current(var: str | Path) -> str | None:
    return versions.current(models_dir(var))


def load(var: str | Path, version: str | None = None) -> tuple[RiskModel, dict]:
    version = version or current(var)
    if not version:
        raise FileNotFoundError("no risk model trained yet: run `engineroom risk train`")
    folder = models_dir(var) / version
    with open(folder / "model.pkl", "rb") as fh:
        model = pickle.load(fh)  # our own artefact, written by save() above
    return model, json.loads((folder / "metadata.json").read_text())


def model_card(meta: dict) -> dict:
    """The headline numbers of a saved model's metadata (what ``risk evaluate`` prints), counts
    suppressed as on the published card."""
    meta = published.card(meta)
    m = meta["metrics"]
    gbm = m["gbm"]
    return {
        "version": meta["version"],
        "created_at": meta["created_at"],
        "train_window": meta["train_window"],
        "validation_window": meta["validation_window"],
        "auroc": gbm["auroc"],
        "logistic_auroc": m["logistic"]["auroc"],
        "oracle_auroc": m["oracle_auroc"],
        "brier": gbm["brier"],
        "calibration_slope": gbm["calibration"]["slope"],
        "calibration_intercept": gbm["calibration"]["intercept"],
        "top": gbm["top"],
        "largest_auroc_gap": {k: v["largest_gap"] for k, v in gbm["subgroups"].items()},
        "oracle_subgroups": m.get("oracle_subgroups"),
        "subgroups": gbm["subgroups"],
        "at_threshold": gbm.get("at_threshold"),
        "scoring": m.get("scoring"),
        "feature_means": published.feature_windows(meta),
        "population": meta.get("population"),
        "cohort": meta.get("cohort"),
        "features": meta["features"],
        "validation_people": gbm["people"],
        "validation_outcome_rate": gbm["outcome_rate"],
    }
