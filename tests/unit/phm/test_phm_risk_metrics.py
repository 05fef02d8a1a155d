"""Risk metrics as PARR and the Combined Predictive Model reported them."""

import numpy as np
import pandas as pd
import pytest

from engineroom.population.phm import risk


def test_ppv_and_sensitivity_at_the_top():
    p = np.linspace(1, 0, 1000)
    y = np.zeros(1000, dtype=int)
    y[:5] = 1  # the top 0.5% all have the outcome
    y[500:505] = 1
    top = {t["fraction"]: t for t in risk.metrics(y, p)["top"]}
    assert top[0.005] == {
        "fraction": 0.005,
        "people": 5,
        "hits": 5,
        "ppv": 1.0,
        "sensitivity": 0.5,
    }
    assert top[0.05]["people"] == 50 and top[0.05]["ppv"] == 0.1


def test_calibration_of_a_calibrated_model_has_slope_one_and_intercept_zero():
    rng = np.random.default_rng(3)
    p = rng.uniform(0.01, 0.6, 40_000)
    y = (rng.random(40_000) < p).astype(int)
    cal = risk.calibration(y, p)
    assert cal["slope"] == pytest.approx(1.0, abs=0.06)
    assert cal["intercept"] == pytest.approx(0.0, abs=0.05)
    assert len(cal["deciles"]) == 10
    over = risk.calibration(y, np.clip(p * 1.5, 0, 0.99))
    assert over["intercept"] < -0.2  # predicted too high -> negative calibration-in-the-large


def test_subgroup_auroc_and_largest_gap():
    rng = np.random.default_rng(4)
    p = rng.random(2000)
    y = (rng.random(2000) < p).astype(int)
    groups = {"sex": pd.Series(np.where(np.arange(2000) % 2, "F", "M"))}
    out = risk.metrics(y, p, groups)
    sexes = out["subgroups"]["sex"]
    assert {g["group"] for g in sexes["groups"]} == {"F", "M"}
    assert 0 <= sexes["largest_gap"] < 0.1
    assert out["auroc"] == pytest.approx(0.83, abs=0.05)


def test_auroc_is_none_when_a_group_has_one_class():
    groups = {"g": pd.Series(["a", "a", "b"])}
    out = risk.metrics([0, 0, 1], [0.1, 0.2, 0.3], groups)
    assert out["subgroups"]["g"]["largest_gap"] is None
