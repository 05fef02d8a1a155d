"""Display values and charts: suppressed values stay suppressed on the model card and charts."""

from engineroom.population_health import presenters


def test_model_card_numbers_follow_the_small_number_rules():
    metrics = {
        "people": 1003,
        "top": [
            {"fraction": 0.005, "people": 12, "ppv": 0.5, "sensitivity": 0.1},
            {"fraction": 0.05, "people": 120, "ppv": 0.5, "sensitivity": 0.4},
        ],
        "subgroups": {
            "ethnicity": {
                "groups": [
                    {"group": "Other", "people": 6, "auroc": 0.9},
                    {"group": "White", "people": 997, "auroc": 0.8},
                ]
            }
        },
    }
    out = presenters.model_metrics(metrics)
    assert out["people"] == 1005
    small, large = out["top"]
    assert small["label"] == "top 0.5%" and small["people"] == 10 and small["ppv"] == "*"
    assert large["ppv_percent"] == 50.0 and large["sensitivity_percent"] == 40.0
    other, white = out["subgroups"]["ethnicity"]["groups"]
    assert other == {"group": "Other", "people": "*", "auroc": "*"}
    assert white["people"] == 995 and white["auroc"] == 0.8
    assert metrics["people"] == 1003  # the stored card is not changed


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
    assert presenters.top_rows(gbm, logistic) == [
        {
            "label": "top 1%",
            "people": "60",
            "ppv": "40.0%",
            "sensitivity": "10.0%",
            "logistic_ppv": "*",
        }
    ]
