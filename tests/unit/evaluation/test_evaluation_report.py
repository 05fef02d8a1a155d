"""The briefing: JSON-able, counts suppressed, estimates against a planted truth."""

import json
import math

from simulated import confounded_cohort

from engineroom.population.evaluation import evaluate_frame
from engineroom.population.evaluation.planted import against_truth
from engineroom.population.evaluation.report import _for_display


def test_briefing_is_json_with_suppressed_counts_and_plain_words():
    result = evaluate_frame(confounded_cohort(2500, seed=11), k=1, seed=1)
    text = json.dumps(result, allow_nan=False)  # no NaN: valid JSON for any client
    assert "NaN" not in text
    assert all(v == "*" or v % 5 == 0 for v in result["cohort"].values())
    admissions = result["results"]["emergency_admissions"]
    assert admissions["events_treated"] % 5 == 0
    assert admissions["mean_treated"] > 0 and 0 < admissions["rate_ratio"] < 1
    assert any(p.startswith("Emergency admissions") for p in result["key_points"])
    assert result["balance"][0]["covariate"] == "age" and result["limitations"]


def test_a_ratio_resting_on_a_suppressed_count_is_suppressed():
    raw = {
        "rate_ratio": 0.5,
        "ci_low": 0.2,
        "ci_high": 1.1,
        "p": 0.1,
        "events_treated": 6.0,
        "exposure_treated": 10.0,
        "events_control": 40.0,
        "exposure_control": 20.0,
    }
    shown = _for_display(raw, per_year=True)
    assert shown["events_treated"] == "*" and shown["mean_treated"] == "*"
    assert shown["rate_ratio"] == "*" and shown["ci_low"] == "*"
    assert shown["events_control"] == 40 and shown["mean_control"] == 2.0


def test_against_truth_reports_coverage_and_log_error():
    results = {
        "emergency_admissions": {"rate_ratio": 0.8, "ci_low": 0.7, "ci_high": 0.9},
        "ae_attendances": {"rate_ratio": 0.8, "ci_low": 0.75, "ci_high": 0.85},
        "length_of_stay": {"rate_ratio": "*", "ci_low": "*", "ci_high": "*"},
    }
    effects = {"emergency_admissions": 0.77, "ae_attendances": 0.71, "length_of_stay": 1.0}
    rows = {r["outcome"]: r for r in against_truth(results, effects)}
    assert rows["emergency_admissions"]["covered"] is True
    assert rows["ae_attendances"]["covered"] is False
    assert math.isclose(rows["ae_attendances"]["log_error"], math.log(0.8 / 0.71))
    assert rows["length_of_stay"]["rate_ratio"] is None


def test_the_published_balance_hides_small_groups_and_builds_yes_no_means_on_suppressed_counts():
    import pandas as pd

    from engineroom.population.evaluation.report import _published_balance

    frame = pd.DataFrame(
        {"treated": [True] * 5 + [False] * 150, "female": [1] * 3 + [0] * 2 + [1] * 3 + [0] * 147}
    )
    matched = frame.assign(weight=1.0)
    row = {
        "covariate": "female",
        "mean_treated": 0.6,
        "mean_pool": 0.02,
        "mean_matched_controls": 0.02,
        "smd_before": 1.5,
        "smd_after": 1.5,
        "variance_ratio": 1.0,
        "balanced": False,
    }
    (shown,) = _published_balance([row], frame, matched)
    assert shown["mean_treated"] == "*"  # a group of 5
    assert shown["mean_pool"] == "*"  # 3 women of 150: the count is suppressed
    assert shown["smd_after"] == "*"
