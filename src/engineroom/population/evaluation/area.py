"""Area-level evaluation: difference-in-differences with a parallel-trends check, and an
interrupted time series (statsmodels).

Difference-in-differences runs on an area x period panel: the outcome on area and period fixed
effects and ``treated x post`` (OLS, or a Poisson GLM with a log exposure offset, giving a rate
ratio), with errors clustered by area. The parallel-trends check uses the pre-period only: area
and period fixed effects plus a separate linear trend for the treated areas; the p-value of that
extra slope is the test (a small p means the groups were already diverging, so the DiD estimate
is doubtful). The interrupted time series is segmented regression on one series: level and
slope before, and the change in level and in slope at the start, with Newey-West (HAC) errors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

from engineroom.population.evaluation.outcomes import Z95

ALPHA = 0.05


def _coefficient(fit, name: str, *, log: bool = False) -> dict:
    beta, se = float(fit.params[name]), float(fit.bse[name])
    low, high = beta - Z95 * se, beta + Z95 * se
    if log:
        return {
            "rate_ratio": float(np.exp(beta)),
            "ci_low": float(np.exp(low)),
            "ci_high": float(np.exp(high)),
            "p": float(fit.pvalues[name]),
        }
    return {"estimate": beta, "ci_low": low, "ci_high": high, "p": float(fit.pvalues[name])}


def _fit(formula: str, panel: pd.DataFrame, family: str, exposure: str | None, unit: str):
    cluster = {"groups": pd.factorize(panel[unit])[0]}
    if family == "ols":
        return smf.ols(formula, panel).fit(cov_type="cluster", cov_kwds=cluster)
    if family != "poisson":
        raise ValueError(f"unknown family {family!r} (ols or poisson)")
    offset = np.log(panel[exposure]) if exposure else None
    model = smf.glm(formula, panel, family=sm.families.Poisson(), offset=offset)
    return model.fit(cov_type="cluster", cov_kwds=cluster)


def did(
    panel: pd.DataFrame,
    *,
    outcome: str,
    unit: str = "area",
    period: str = "month",
    treated: str = "treated",
    post: str = "post",
    family: str = "ols",
    exposure: str | None = None,
) -> dict:
    """The difference-in-differences effect (``estimate`` for OLS, ``rate_ratio`` for Poisson)
    with its 95% CI and p-value, clustered by ``unit``; plus the parallel-trends check."""
    data = panel.assign(_did=(panel[treated].astype(bool) & panel[post].astype(bool)).astype(int))
    formula = f"{outcome} ~ _did + C({unit}) + C({period})"
    fit = _fit(formula, data, family, exposure, unit)
    result = _coefficient(fit, "_did", log=family == "poisson")
    names = {"unit": unit, "period": period, "treated": treated, "post": post}
    check = parallel_trends(panel, outcome=outcome, family=family, exposure=exposure, **names)
    return {**result, "family": family, "units": int(data[unit].nunique()), "trends": check}


def parallel_trends(
    panel: pd.DataFrame,
    *,
    outcome: str,
    unit: str = "area",
    period: str = "month",
    treated: str = "treated",
    post: str = "post",
    family: str = "ols",
    exposure: str | None = None,
) -> dict:
    """Pre-period test of a different linear trend in the treated group: p-value and words."""
    pre = panel[~panel[post].astype(bool)].copy()
    order = {p: i for i, p in enumerate(sorted(pre[period].unique()))}
    pre["_trend"] = pre[period].map(order).astype(float) * pre[treated].astype(float)
    fit = _fit(f"{outcome} ~ _trend + C({unit}) + C({period})", pre, family, exposure, unit)
    p = float(fit.pvalues["_trend"])
    slope = float(fit.params["_trend"])
    return {"slope_difference": slope, "p": p, "parallel": p >= ALPHA, "words": _trend_words(p)}


def _trend_words(p: float) -> str:
    if p < ALPHA:
        return (
            f"The treated and comparison areas were already on different trends before the "
            f"start (p = {p:.3f}): the difference-in-differences estimate may be biased."
        )
    return (
        f"No evidence that the treated and comparison areas were on different trends "
        f"before the start (p = {p:.3f})."
    )


def its(
    series: pd.DataFrame,
    *,
    outcome: str,
    time: str,
    start,
    maxlags: int | None = None,
) -> dict:
    """Segmented regression of ``outcome`` on time (one row per period, in order): baseline
    level and slope, and the level change and slope change at ``start`` (the first period of
    the intervention), with Newey-West errors (``maxlags`` default floor(4 (n/100)^(2/9)))."""
    data = series.sort_values(time).reset_index(drop=True)
    x, first = _segments(data[time], start)
    n = len(data)
    lags = maxlags if maxlags is not None else int(np.floor(4 * (n / 100) ** (2 / 9)))
    fit = sm.OLS(data[outcome].astype(float), x).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    return {
        "baseline_level": float(fit.params["const"]),
        "baseline_slope": float(fit.params["time"]),
        "level_change": _coefficient(fit, "level_change"),
        "slope_change": _coefficient(fit, "slope_change"),
        "periods_before": first,
        "periods_after": n - first,
        "maxlags": lags,
    }


def _segments(time: pd.Series, start) -> tuple[pd.DataFrame, int]:
    """The segmented-regression design and the index of the first period after the start."""
    after = (time >= start).to_numpy()
    if after.all() or not after.any():
        raise ValueError("the series needs periods both before and after the start")
    t = np.arange(len(time), dtype=float)
    first = int(np.argmax(after))
    x = pd.DataFrame(
        {
            "const": 1.0,
            "time": t,
            "level_change": after.astype(float),
            "slope_change": np.where(after, t - first, 0.0),
        }
    )
    return x, first
