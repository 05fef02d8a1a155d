"""Display values and charts: suppressed values stay suppressed on the model card and charts."""

from engineroom.population_health import card_presenters, presenters


def raw_metrics() -> dict:
    """Validation metrics as ``risk.metrics`` records them: exact counts."""
    return {
        "people": 1003,
        "events": 101,
        "outcome_rate": 0.1007,
        "top": [
            {"fraction": 0.005, "people": 12, "hits": 6, "ppv": 0.5, "sensitivity": 0.0594},
            {"fraction": 0.05, "people": 120, "hits": 60, "ppv": 0.5, "sensitivity": 0.5941},
        ],
        "calibration": {
            "slope": 1.0,
            "intercept": 0.0,
            "deciles": [
                {"predicted": 0.01, "observed": 0.0099, "people": 101, "events": 1},
                {"predicted": 0.2, "observed": 0.199, "people": 902, "events": 100},
            ],
        },
        "subgroups": {
            "ethnicity": {
                "groups": [
                    {"group": "Other", "people": 6, "events": 1, "auroc": 0.9},
                    {"group": "White", "people": 997, "events": 100, "auroc": 0.8},
                ],
                "largest_gap": 0.1,
            }
        },
    }


def test_model_card_numbers_follow_the_small_number_rules():
    metrics = raw_metrics()
    out = card_presenters.model_metrics(metrics)
    assert out["people"] == 1005 and out["events"] == 100
    assert out["outcome_rate"] == round(100 / 1005, 4)  # built on the rounded counts
    small, large = out["top"]
    assert small["label"] == "top 0.5%" and small["people"] == 10 and small["ppv"] == "*"
    assert small["sensitivity"] == "*" and "ppv_percent" not in small
    assert large["hits"] == 60 and large["ppv"] == 0.5 and large["ppv_percent"] == 50.0
    assert large["sensitivity_percent"] == 60.0  # 60 of the rounded 100
    low, high = out["calibration"]["deciles"]
    assert low["observed"] == "*" and low["events"] == "*" and low["people"] == 100
    assert high["observed"] == round(100 / 900, 4)
    other, white = out["subgroups"]["ethnicity"]["groups"]
    assert other["people"] == other["auroc"] == other["events"] == "*"
    assert white["people"] == 995 and white["auroc"] == 0.8
    assert out["subgroups"]["ethnicity"]["largest_gap"] == 0.0  # only the AUROC shown counts
    assert metrics == raw_metrics()  # the stored card is not changed
    assert card_presenters.model_metrics(out) == out  # a published card stays as it is


def test_the_calibration_chart_has_no_point_for_a_withheld_tenth():
    deciles = card_presenters.model_metrics(raw_metrics())["calibration"]["deciles"]
    chart = card_presenters.calibration(deciles)
    assert chart.table.rows == [("0.200", "0.111")]


def bars_of(chart) -> dict[str, float]:
    """Width of each drawn bar, by the text of its tooltip."""
    return {s.tip: s.attrs["width"] for s in chart.shapes if s.kind == "rect"}


def test_charts_draw_suppressed_values_with_no_bar_and_keep_the_star_as_text():
    chart = presenters.share_chart("Shares", [("a", 10), ("b", "*"), ("c", 20)])
    widths = bars_of(chart)
    assert set(widths) == {"a: 10%", "c: 20%"}  # no bar for the suppressed value
    assert widths["c: 20%"] == 2 * widths["a: 10%"]
    texts = [s.text for s in chart.shapes if s.kind == "text"]
    assert "*" in texts and "10%" in texts and "20%" in texts
    assert chart.table.rows == [("a", "10%"), ("b", "*"), ("c", "20%")]


def test_the_pyramid_draws_a_suppressed_side_as_nothing_and_tells_it_as_a_star():
    chart = presenters.pyramid([{"band": "0-4", "male": "*", "female": 10}])
    widths = bars_of(chart)
    assert widths["0-4, Men: *"] == 0 and widths["0-4, Women: 10"] > 0
    assert chart.table.rows == [("0-4", "*", "10")]


def test_prevalence_shows_recorded_and_expected_side_by_side():
    chart = presenters.prevalence_chart(
        [{"condition": "af", "label": "AF", "recorded_percent": 2.1, "expected_percent": "*"}]
    )
    assert chart.legend == [("Recorded", "#005eb8"), ("Expected", "#768692")]
    assert chart.table.rows == [("AF", "2.1%", "*")]
    assert set(bars_of(chart)) == {"AF – Recorded: 2.1%"}


def test_the_model_card_top_table_puts_the_baseline_beside_each_row():
    gbm = {
        "top": [
            {
                "fraction": 0.01,
                "label": "top 1%",
                "people": 60,
                "ppv": 0.4,
                "ppv_percent": 40.0,
                "sensitivity": 0.1,
                "sensitivity_percent": 10.0,
            }
        ]
    }
    logistic = {"top": [{"fraction": 0.01, "ppv": "*", "sensitivity": "*"}]}
    assert card_presenters.top_rows(gbm, logistic) == [
        {
            "label": "top 1%",
            "people": "60",
            "ppv": "40.0%",
            "sensitivity": "10.0%",
            "logistic_ppv": "*",
        }
    ]


def test_model_card_subgroups_are_in_words_to_three_decimals():
    sub = {
        "groups": [
            {"group": "1", "people": 5000, "events": 400, "auroc": 0.78125},
            {"group": "5", "people": "*", "events": "*", "auroc": "*"},  # as published
        ],
        "largest_gap": 0.0123,
    }
    oracle = {"groups": [{"group": "1", "auroc": 0.8}], "largest_gap": 0.04}
    table = card_presenters.subgroup_table("deprivation_quintile", sub, oracle)
    assert table["title"] == "AUROC by deprivation quintile"
    first, last = table["rows"]
    assert first["label"] == "Most deprived fifth (quintile 1)" and first["auroc"] == "0.781"
    assert first["oracle"] == "0.800"
    assert last["label"].startswith("Least deprived") and last["auroc"] == "*"
    assert table["gap"] == (
        "The largest gap between any two groups is 0.012 (the true risks' own gap: 0.040)."
    )


def test_model_card_puts_the_threshold_beside_parr():
    found = {
        "threshold": 0.5,
        "people": 1000,
        "hits": 640,
        "ppv": 0.64,
        "sensitivity": 0.157,
        "reference": {"ppv": 0.65, "sensitivity": 0.543, "source": "PARR++ at score 50"},
    }
    row = card_presenters.threshold_row(found)
    assert (row["ppv"], row["parr_ppv"], row["parr_sensitivity"]) == ("64.0%", "65.0%", "54.3%")


def test_case_finding_is_set_beside_the_blmk_anchors_per_million():
    area = {
        "prevalence": [
            {
                "condition": "af",
                "label": "AF",
                "registered": 50_000,
                "estimated_undiagnosed": 360,
                "case_finding_flagged": 345,
            },
            {
                "condition": "ckd",
                "label": "CKD",
                "registered": 50_000,
                "estimated_undiagnosed": "*",
                "case_finding_flagged": 625,
            },
        ]
    }
    af, ckd = presenters.anchor_rows(area)
    assert (af["estimated"], af["found"], af["anchor"]) == ("7,200", "6,900", "7,200")
    assert (ckd["estimated"], ckd["found"], ckd["anchor"]) == ("*", "12,500", "–")
    assert presenters.per_million(345, "*") == "*"  # a suppressed population hides the rate
