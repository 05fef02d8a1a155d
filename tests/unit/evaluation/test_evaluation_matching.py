"""Matching on the propensity score balances a confounded pool (IAU target: |SMD| <= 0.1)."""

import numpy as np
from simulated import confounded_cohort

from engineroom.population.evaluation import matching
from engineroom.population.evaluation.cohort import COVARIATES


def test_matching_balances_a_confounded_pool_to_smd_01():
    frame = confounded_cohort(4000, seed=3)
    matched = matching.match(frame, COVARIATES, exact=["nursing"], k=1, seed=1)
    table = matching.balance(frame, matched, COVARIATES)
    before = {r["covariate"]: r["smd_before"] for r in table}
    assert before["efi"] > 0.3 and before["prior_emergency_admissions"] > 0.3  # confounded
    assert all(abs(r["smd_after"]) <= 0.1 for r in table), table
    assert all(r["balanced"] for r in table)


def test_matching_is_exact_within_strata_and_without_replacement():
    frame = confounded_cohort(2000, seed=4).assign(row=lambda f: range(len(f)))
    matched = matching.match(frame, COVARIATES, exact=["nursing"], k=2, seed=2)
    for _set_id, rows in matched.groupby("set_id"):
        assert rows["treated"].sum() == 1
        assert 1 <= (~rows["treated"]).sum() <= 2
        assert rows["nursing"].nunique() == 1
    controls = matched[~matched["treated"]]
    assert controls["row"].is_unique and matched["row"].is_unique
    assert np.allclose(controls.groupby("set_id")["weight"].sum(), 1.0)
    assert (matched.loc[matched["treated"], "weight"] == 1.0).all()


def test_caliper_leaves_out_treated_people_with_no_close_control():
    frame = confounded_cohort(2000, seed=5)
    wide = matching.match(frame, COVARIATES, caliper=5.0)
    narrow = matching.match(frame, COVARIATES, caliper=0.001)
    assert narrow["treated"].sum() < wide["treated"].sum()
    width = 0.001 * np.std(matching.propensity_logit(frame, COVARIATES, "treated"), ddof=1)
    gaps = narrow.groupby("set_id")["ps_logit"].agg(lambda s: s.max() - s.min())
    assert (gaps <= width + 1e-12).all()


def test_love_plot_orders_covariates_by_imbalance_before_matching():
    frame = confounded_cohort(1500, seed=6)
    table = matching.balance(frame, matching.match(frame, COVARIATES), COVARIATES)
    plot = matching.love_plot(table)
    assert plot["before"] == sorted(plot["before"], reverse=True)
    assert len(plot["after"]) == len(COVARIATES) and plot["target"] == 0.1
