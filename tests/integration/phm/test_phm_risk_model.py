"""The risk model: temporal validation, model card metrics, versioned artefacts, the CLI."""

import json

from typer.testing import CliRunner

from engineroom.cli import app
from engineroom.population.phm import risk


def test_model_artefact_and_metadata(phm_var):
    _model, meta = risk.load(phm_var)
    assert meta["version"] == risk.current(phm_var)
    assert meta["train_window"]["features_as_of"] < meta["validation_window"]["features_as_of"]
    assert meta["features"] == list(risk.FEATURES)
    m = meta["metrics"]
    assert 0.6 < m["gbm"]["auroc"] < 0.95
    assert 0.6 < m["logistic"]["auroc"] < 0.95
    assert m["oracle_auroc"] is not None and m["oracle_auroc"] > 0.6
    assert [t["fraction"] for t in m["gbm"]["top"]] == [0.005, 0.01, 0.05]
    groups = m["gbm"]["subgroups"]
    assert set(groups) == {"deprivation_quintile", "sex", "ethnicity", "age_band"}
    quintiles = [g["group"] for g in groups["deprivation_quintile"]["groups"]]
    assert len(quintiles) >= 3 and set(quintiles) <= {"1", "2", "3", "4", "5"}
    folder = risk.models_dir(phm_var) / meta["version"]
    assert (folder / "model.pkl").exists() and (folder / "metadata.json").exists()


def test_risk_evaluate_json_prints_the_model_card(phm_var):
    result = CliRunner().invoke(app, ["risk", "evaluate", "--json", "--var", str(phm_var)])
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    for key in (
        "auroc",
        "oracle_auroc",
        "calibration_slope",
        "calibration_intercept",
        "brier",
        "top",
        "largest_auroc_gap",
        "logistic_auroc",
    ):
        assert key in card
    assert card["oracle_auroc"] > 0.6


def test_risk_evaluate_without_a_model_says_so(tmp_path):
    result = CliRunner().invoke(app, ["risk", "evaluate", "--var", str(tmp_path)])
    assert result.exit_code == 1
    assert "no risk model trained yet" in result.output
