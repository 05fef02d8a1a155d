"""Rate ratios from count regressions recover a planted effect on a matched cohort."""

import math

import numpy as np
import pandas as pd
import pytest
from simulated import confounded_cohort

from engineroom.population.evaluation import matching, outcomes
from engineroom.population.evaluation.cohort import COVARIATES


@pytest.fixture(scope="module")
def cohort():
    frame = confounded_cohort(6000, effect=0.77, seed=7)
    return frame, matching.match(frame, COVARIATES, exact=["nursing"], k=2, seed=3)


def _naive(frame):
    return frame.assign(set_id=range(len(frame)), weight=1.0)


def test_poisson_rate_ratio_recovers_a_planted_077_within_its_ci(cohort):
    frame, matched = cohort
    rr = outcomes.rate_ratio(matched, "emergency_admissions", adjust=COVARIATES)
    assert rr["ci_low"] < 0.77 < rr["ci_high"], rr
    assert rr["ci_high"] < 1.0  # and the effect is found
    naive = outcomes.rate_ratio(_naive(frame), "emergency_admissions")
    assert naive["ci_low"] > 0.77, naive  # confounding hides the effect without matching
    assert abs(math.log(naive["rate_ratio"] / 0.77)) > 3 * abs(math.log(rr["rate_ratio"] / 0.77))


def test_negative_binomial_also_recovers_it(cohort):
    _frame, matched = cohort
    rr = outcomes.rate_ratio(matched, "emergency_admissions", method="negbin")
    assert rr["ci_low"] < 0.77 < rr["ci_high"], rr


def test_means_per_person_year_use_the_matching_weights():
    frame = pd.DataFrame(
        {
            "treated": [True, False, False],
            "set_id": [0, 0, 0],
            "weight": [1.0, 0.5, 0.5],
            "person_years": [2.0, 1.0, 1.0],
            "n": [4, 2, 6],
        }
    )
    got = outcomes._means(frame, "n", "person_years", "treated", "weight")
    assert got["mean_treated"] == 2.0 and got["mean_control"] == 4.0


def test_no_events_gives_no_estimate_rather_than_a_number():
    frame = confounded_cohort(200, seed=8).assign(set_id=range(200), weight=1.0, none=0)
    got = outcomes.rate_ratio(frame, "none")
    assert got["rate_ratio"] is None and got["notes"]


def test_length_of_stay_is_bed_days_per_admission():
    rng = np.random.default_rng(9)
    n = 4000
    treated = rng.random(n) < 0.5
    admissions = rng.poisson(np.where(treated, 1.0, 1.5))
    days = rng.poisson(6 * admissions)  # six days a stay in both groups: no change in LOS
    frame = pd.DataFrame(
        {"treated": treated, "set_id": range(n), "weight": 1.0, "person_years": 1.0}
    ).assign(emergency_admissions=admissions, emergency_bed_days=days)
    got = outcomes.length_of_stay(frame)
    assert got["ci_low"] < 1.0 < got["ci_high"]
    assert got["mean_treated"] == pytest.approx(6, rel=0.05)
