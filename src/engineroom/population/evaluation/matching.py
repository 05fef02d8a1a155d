"""Propensity-score matching and covariate balance, as the Improvement Analytics Unit did it.

The propensity score is a logistic regression of being treated on the covariates (scikit-learn,
unpenalised, on standardised covariates); matching is greedy nearest-neighbour on the logit of
the score, 1:k without replacement, exact within strata (e.g. nursing or residential home), and
only within a caliper of ``caliper`` standard deviations of the logit (0.2: Austin 2011, Stat Med
30:1292). Treated people with no control inside the caliper are left out and counted.

Balance is the standardised mean difference per covariate, before and after matching, with the
pooled standard deviation of the unmatched sample as the denominator in both (so a change is a
change in means; as the R package cobalt does), and the variance ratio. |SMD| <= 0.1 is the usual
target. Matched controls carry weight 1 / (controls in their set), so a set counts once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.special import logit
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

TARGET_SMD = 0.1
CALIPER_SD = 0.2


def propensity_logit(frame: pd.DataFrame, covariates: Sequence[str], treated: str) -> np.ndarray:
    """The logit of each row's propensity score (P(treated | covariates))."""
    x = StandardScaler().fit_transform(frame[list(covariates)].astype(float).to_numpy())
    y = frame[treated].astype(int).to_numpy()
    model = LogisticRegression(penalty=None, max_iter=2000).fit(x, y)
    p = np.clip(model.predict_proba(x)[:, 1], 1e-9, 1 - 1e-9)
    return logit(p)


def match(
    frame: pd.DataFrame,
    covariates: Sequence[str],
    *,
    treated: str = "treated",
    exact: Sequence[str] = (),
    k: int = 1,
    caliper: float = CALIPER_SD,
    seed: int = 0,
) -> pd.DataFrame:
    """The matched rows of ``frame`` with ``set_id`` (one per treated person), ``weight`` and
    ``ps_logit``. Treated people are taken in a random order (``seed``); each takes its ``k``
    nearest unused controls inside the caliper and the same exact stratum."""
    data = frame.reset_index(drop=True).copy()
    data["ps_logit"] = propensity_logit(data, covariates, treated)
    width = caliper * float(np.std(data["ps_logit"], ddof=1))
    strata = data.groupby(list(exact), sort=True).indices if exact else {(): data.index}
    rng = np.random.default_rng(seed)
    pairs = []
    for rows in strata.values():
        pairs += _match_stratum(data.loc[rows], treated, k, width, rng)
    if not pairs:
        return data.iloc[0:0].assign(set_id=pd.Series(dtype=int), weight=pd.Series(dtype=float))
    sets = pd.DataFrame(pairs, columns=["row", "set_id"])
    out = data.loc[sets["row"]].assign(set_id=sets["set_id"].to_numpy())
    controls = out.groupby("set_id")[treated].transform(lambda t: (~t.astype(bool)).sum())
    out["weight"] = np.where(out[treated].astype(bool), 1.0, 1.0 / controls.clip(lower=1))
    return out.reset_index(drop=True)


def _match_stratum(rows: pd.DataFrame, treated: str, k: int, width: float, rng) -> list:
    """(row, set_id) pairs for one exact stratum; set_id is the treated row's index."""
    is_t = rows[treated].astype(bool).to_numpy()
    score = rows["ps_logit"].to_numpy()
    t_pos, c_idx, c_score = np.flatnonzero(is_t), rows.index[~is_t].to_numpy(), score[~is_t]
    free = np.ones(len(c_idx), dtype=bool)
    found: dict[int, list[int]] = {}
    for _round in range(k):
        for t in rng.permutation(t_pos):
            distance = np.where(free, np.abs(c_score - score[t]), np.inf)
            if len(distance) == 0 or distance.min() > width:
                continue
            best = int(distance.argmin())
            free[best] = False
            found.setdefault(int(rows.index[t]), []).append(int(c_idx[best]))
    return [(row, t) for t, cs in found.items() for row in (t, *cs)]


def smd(x: np.ndarray, is_t: np.ndarray, w: np.ndarray, sd: float) -> float:
    """Weighted standardised mean difference (treated minus control) over the given SD."""
    diff = np.average(x[is_t], weights=w[is_t]) - np.average(x[~is_t], weights=w[~is_t])
    return float(diff / sd) if sd > 0 else 0.0


def _wvar(x: np.ndarray, w: np.ndarray) -> float:
    mean = np.average(x, weights=w)
    return float(np.average((x - mean) ** 2, weights=w))


def balance(
    before: pd.DataFrame,
    after: pd.DataFrame,
    covariates: Sequence[str],
    *,
    treated: str = "treated",
) -> list[dict]:
    """Per covariate: means in each group, SMD before and after matching, the variance ratio
    after (treated / control) and whether |SMD after| <= 0.1 (None where a group is empty)."""
    t0 = before[treated].astype(bool).to_numpy()
    t1 = after[treated].astype(bool).to_numpy()
    w1 = after["weight"].to_numpy()
    return [
        _balance_row(
            name,
            before[name].astype(float).to_numpy(),
            t0,
            after[name].astype(float).to_numpy(),
            t1,
            w1,
        )
        for name in covariates
    ]


def _balance_row(name: str, x0, t0, x1, t1, w1) -> dict:
    both = t1.any() and (~t1).any()
    sd = float(np.sqrt((_var(x0[t0]) + _var(x0[~t0])) / 2))
    after = smd(x1, t1, w1, sd) if both else None
    var_c = _wvar(x1[~t1], w1[~t1]) if both else 0.0
    return {
        "covariate": name,
        "mean_treated": _round(np.mean(x0[t0]), 4) if t0.any() else None,
        "mean_pool": _round(np.mean(x0[~t0]), 4) if (~t0).any() else None,
        "mean_matched_controls": _round(np.average(x1[~t1], weights=w1[~t1]), 4) if both else None,
        "smd_before": _round(smd(x0, t0, np.ones(len(x0)), sd), 4)
        if t0.any() and (~t0).any()
        else None,
        "smd_after": _round(after, 4),
        "variance_ratio": _round(_wvar(x1[t1], w1[t1]) / var_c, 3) if var_c > 0 else None,
        "balanced": bool(after is not None and abs(after) <= TARGET_SMD),
    }


def _var(x: np.ndarray) -> float:
    return float(np.var(x, ddof=1)) if len(x) > 1 else 0.0


def _round(value, digits: int) -> float | None:
    """A float for JSON: rounded, None when missing or not a number."""
    return None if value is None or not np.isfinite(value) else round(float(value), digits)


def love_plot(table: list[dict]) -> dict:
    """The data of a love plot: covariates (ordered by |SMD before|, largest first) with their
    absolute SMD before and after matching, and the 0.1 target line; a covariate whose SMDs are
    withheld (``*``, a group of 1-7 people) is left out."""
    shown = [r for r in table if isinstance(r["smd_before"], float | int | None)]  # not withheld
    ordered = sorted(shown, key=lambda r: -abs(r["smd_before"] or 0.0))
    return {
        "covariates": [r["covariate"] for r in ordered],
        "before": [abs(r["smd_before"] or 0.0) for r in ordered],
        "after": [None if r["smd_after"] is None else abs(r["smd_after"]) for r in ordered],
        "target": TARGET_SMD,
    }
