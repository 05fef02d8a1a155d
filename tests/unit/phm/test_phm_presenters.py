"""Display values and SVG geometry: suppressed values stay suppressed on the model card and charts."""

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


def test_charts_draw_suppressed_values_as_empty_bars_labelled_star():
    chart = presenters.bars([("a", 10), ("b", "*"), ("c", 20)], suffix="%")
    widths = [r["width"] for r in chart["rows"]]
    assert widths == [150.0, 0.0, 300.0]
    assert [r["text"] for r in chart["rows"]] == ["10%", "*", "20%"]
    pyramid = presenters.pyramid([{"band": "0-4", "male": "*", "female": 10}])
    assert pyramid["rows"][0]["male_w"] == 0 and pyramid["rows"][0]["male"] == "*"
