"""Difference-in-differences, the parallel-trends check and interrupted time series recover
planted effects on simulated area x month panels."""

import numpy as np
import pandas as pd
import pytest

from engineroom.population.evaluation import area

START = 24  # the first intervention month


def panel(*, effect: float = 0.0, pre_trend: float = 0.0, seed: int = 5) -> pd.DataFrame:
    """20 areas x 36 months; areas 0-9 treated from month 24. Each area has its own level, all
    share a seasonal month effect; treated areas may drift by ``pre_trend`` a month before."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(20):
        level, treated = rng.normal(100, 15), a < 10
        for m in range(36):
            post = m >= START
            drift = pre_trend * min(m, START) if treated else 0.0
            y = level + 5 * np.sin(m / 6) + drift + (effect if treated and post else 0)
            rows.append((f"A{a:02d}", m, treated, post, y + rng.normal(0, 2)))
    return pd.DataFrame(rows, columns=["area", "month", "treated", "post", "y"])


def test_did_recovers_a_planted_effect():
    got = area.did(panel(effect=-8.0), outcome="y")
    assert got["ci_low"] < -8.0 < got["ci_high"]
    assert got["ci_high"] < 0 and got["units"] == 20
    assert got["trends"]["parallel"]


def test_poisson_did_gives_a_rate_ratio():
    data = panel(seed=2)
    rng = np.random.default_rng(3)
    mean = np.exp(np.log(data["y"].clip(lower=1)) + np.log(0.8) * (data["treated"] & data["post"]))
    data = data.assign(count=rng.poisson(mean * 10), population=10.0)
    got = area.did(data, outcome="count", family="poisson", exposure="population")
    assert got["ci_low"] < 0.8 < got["ci_high"] and got["ci_high"] < 1


def test_parallel_trends_check_flags_a_violated_pre_trend():
    got = area.parallel_trends(panel(pre_trend=0.5), outcome="y")
    assert not got["parallel"] and got["p"] < 0.05
    assert "different trends" in got["words"] and "biased" in got["words"]
    assert area.did(panel(pre_trend=0.5), outcome="y")["trends"]["parallel"] is False


def test_its_recovers_a_level_change():
    rng = np.random.default_rng(4)
    t = np.arange(48)
    y = 50 + 0.3 * t - 10 * (t >= 30) + rng.normal(0, 1.5, 48)
    got = area.its(pd.DataFrame({"month": t, "y": y}), outcome="y", time="month", start=30)
    level, slope = got["level_change"], got["slope_change"]
    assert level["ci_low"] < -10 < level["ci_high"] and level["ci_high"] < 0
    assert slope["ci_low"] < 0 < slope["ci_high"]
    assert got["baseline_slope"] == pytest.approx(0.3, abs=0.1)
    assert (got["periods_before"], got["periods_after"]) == (30, 18)


def test_its_needs_periods_on_both_sides():
    with pytest.raises(ValueError, match="both before and after"):
        area.its(
            pd.DataFrame({"month": range(5), "y": range(5)}), outcome="y", time="month", start=0
        )
