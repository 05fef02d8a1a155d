"""Rate ratios from count regressions on a matched cohort (statsmodels).

Each outcome is a count per person over their follow-up, with log person-years as the offset.
``poisson``: a Poisson model fitted by GEE with an independence working structure, clustered by
matched set, which is Poisson regression with cluster-robust (sandwich) errors and takes the
matching weights. ``negbin``: the same with a negative binomial family whose dispersion is
estimated first by maximum likelihood (statsmodels ``NegativeBinomial``, NB2). The model may
also adjust for covariates (the matching variables: doubly robust). Length of stay is bed days
per admission: bed days with log admissions as the offset, among people admitted.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.tools.sm_exceptions import ModelWarning

METHODS = ("poisson", "negbin")
Z95 = float(stats.norm.ppf(0.975))  # the 95% two-sided normal quantile
EVENTS_PER_TERM = 10  # adjust for covariates only with at least 10 events per model term


def _design(frame: pd.DataFrame, treated: str, adjust: Sequence[str]) -> pd.DataFrame:
    """Constant, treated (0/1) and the adjustment covariates (standardised; constant ones and
    ones with no variation dropped, so the model stays identifiable)."""
    x = pd.DataFrame({"const": 1.0, "treated": frame[treated].astype(float)}, index=frame.index)
    for name in adjust:
        column = frame[name].astype(float)
        if column.std(ddof=0) > 0:
            x[name] = (column - column.mean()) / column.std(ddof=0)
    return x


def _family(method: str, y, x, exposure):
    if method == "poisson":
        return sm.families.Poisson()
    if method != "negbin":
        raise ValueError(f"unknown method {method!r} (one of {', '.join(METHODS)})")
    fit = sm.NegativeBinomial(y, x, offset=np.log(exposure)).fit(disp=0, maxiter=200)
    alpha = float(np.clip(fit.params.iloc[-1], 1e-6, 1e3))
    return sm.families.NegativeBinomial(alpha=alpha)


def rate_ratio(
    frame: pd.DataFrame,
    outcome: str,
    *,
    exposure: str = "person_years",
    treated: str = "treated",
    groups: str = "set_id",
    weight: str = "weight",
    adjust: Sequence[str] = (),
    method: str = "poisson",
) -> dict:
    """Rate ratio (treated / control), its 95% CI and p-value, and the weighted mean of the
    outcome per unit of exposure in each group; None values if there are no events at all."""
    rows = frame[frame[exposure] > 0].reset_index(drop=True)
    y, t = rows[outcome].astype(float), rows[exposure].astype(float)
    means = _means(rows, outcome, exposure, treated, weight)
    if y.sum() == 0 or rows[treated].nunique() < 2:
        return _no_estimate(means, ["no events, or only one group"])
    if y.sum() < EVENTS_PER_TERM * (len(adjust) + 1):
        adjust = ()  # too few events to adjust without overfitting: the matched comparison alone
    x = _design(rows, treated, adjust)
    fit, notes = _fit(y, x, rows[groups], rows[weight].astype(float), t, method)
    if notes or not np.isfinite(float(fit.bse["treated"])):  # separation, rank, convergence
        return _no_estimate(means, notes or ["the standard error could not be estimated"])
    return _estimate(fit, x, means, notes)


def _estimate(fit, x: pd.DataFrame, means: dict, notes: list[str]) -> dict:
    beta, se = float(fit.params["treated"]), float(fit.bse["treated"])
    return {
        "rate_ratio": float(np.exp(beta)),
        "ci_low": float(np.exp(beta - Z95 * se)),
        "ci_high": float(np.exp(beta + Z95 * se)),
        "p": float(fit.pvalues["treated"]),
        "log_rr": beta,
        "log_se": se,
        "adjusted": list(x.columns[2:]),
        **means,
        "notes": notes,
    }


def _no_estimate(means: dict, notes: list[str]) -> dict:
    return {"rate_ratio": None, "ci_low": None, "ci_high": None, "p": None, **means, "notes": notes}


def _fit(y, x, groups, weights, exposure, method: str):
    """The GEE fit and the model's own warnings (separation, rank deficiency, convergence,
    invalid values) as plain notes; any other warning is passed on."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        family = _family(method, y, x, exposure)
        model = sm.GEE(
            y,
            x,
            groups=groups,
            family=family,
            offset=np.log(exposure),
            weights=weights,
            cov_struct=sm.cov_struct.Independence(),
        )
        fit = model.fit(maxiter=200)
        fit.bse  # noqa: B018  (computed here, so its warnings are caught with the rest)
    model_warnings = (ModelWarning, RuntimeWarning)
    for other in (w for w in caught if not issubclass(w.category, model_warnings)):
        warnings.warn(other.message, other.category, stacklevel=2)
    return fit, sorted({str(w.message) for w in caught if issubclass(w.category, model_warnings)})


def _means(rows, outcome, exposure, treated, weight) -> dict:
    """Events, exposure and events per unit exposure in each group (matching weights applied)."""
    out = {}
    is_t = rows[treated].astype(bool)
    for name, group in (("treated", rows[is_t]), ("control", rows[~is_t])):
        w = group[weight].astype(float)
        events, time = float((group[outcome] * w).sum()), float((group[exposure] * w).sum())
        out[f"events_{name}"] = events
        out[f"exposure_{name}"] = time
        out[f"mean_{name}"] = events / time if time > 0 else None
    return out


def length_of_stay(frame: pd.DataFrame, **options) -> dict:
    """Ratio of emergency bed days per emergency admission (treated / control), among people
    with at least one emergency admission in follow-up."""
    admitted = frame[frame["emergency_admissions"] > 0]
    return rate_ratio(admitted, "emergency_bed_days", exposure="emergency_admissions", **options)
