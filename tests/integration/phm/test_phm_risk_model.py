"""The risk model: temporal validation, model card metrics, versioned artefacts, the CLI."""

import json

import pandas as pd
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
        "at_threshold",
        "scoring",
        "feature_means",
    ):
        assert key in card
    assert card["oracle_auroc"] > 0.6
    means = card["feature_means"]
    assert set(means) == set(risk.FEATURES)
    assert set(means["age"]) == {"training", "validation", "scoring"}


def test_every_feature_exists_in_every_window(phm_var):
    """Medicines, community contacts and maternity are recorded in every year, so the model is
    trained on the same world it scores."""
    _model, meta = risk.load(phm_var)
    card = risk.model_card(meta)
    for name in ("medicines", "community_contacts", "maternity_admissions", "efi"):
        windows = card["feature_means"][name]
        assert all(v > 0 for v in windows.values()), (name, windows)
        assert max(windows.values()) / min(windows.values()) < 1.5, (name, windows)


def test_the_model_is_trained_on_secondary_use_data_only(phm_var, tmp_path):
    """The training population leaves out national opt-outs and type 1 objectors (scoring for
    direct care covers everyone), and the sample written holds no identifiers."""
    from engineroom.population.phm import lakeviews, runs, training

    lake = lakeviews.connect(phm_var)
    try:
        as_of = training.periods(lakeviews.data_end(lake))["train"]
        frame, y = training.labelled_sample(lake, as_of, tmp_path)
        everyone = runs.profile(lake, as_of)
        secondary = lakeviews.secondary_use(lake, everyone)
        removed = everyone.count().execute() - secondary.count().execute()
        assert removed > 0
        assert len(frame) == secondary.count().execute() == len(y)
    finally:
        lake.close()
    assert not {"person_id", "birth_date", "lsoa", "practice"} & set(frame.columns)
    for written in tmp_path.glob("sample-*.parquet"):
        assert "person_id" not in pd.read_parquet(written).columns


def test_the_cohort_is_registered_on_the_feature_date(phm_var):
    """Nobody enters the features before their registration began."""
    from engineroom.population.phm import lakeviews, training
    from engineroom.population.phm.features import person_features

    lake = lakeviews.connect(phm_var)
    try:
        as_of = training.periods(lakeviews.data_end(lake))["train"]
        person = lake.table("person")
        later = person.filter(person.registration_date > as_of).nhs_number
        features = person_features(lake, as_of)
        assert later.count().execute() > 0
        assert features.filter(features.person_id.isin(later)).count().execute() == 0
    finally:
        lake.close()


def test_the_card_reports_the_targets_of_a_faithful_model(phm_var):
    _model, meta = risk.load(phm_var)
    card = risk.model_card(meta)
    assert card["at_threshold"]["reference"]["ppv"] == 0.65
    scoring = card["scoring"]
    assert 0.8 < scoring["predicted_over_oracle"] < 1.25
    oracle = card["oracle_subgroups"]["deprivation_quintile"]
    assert oracle["largest_gap"] is not None


def test_risk_evaluate_without_a_model_says_so(tmp_path):
    result = CliRunner().invoke(app, ["risk", "evaluate", "--var", str(tmp_path)])
    assert result.exit_code == 1
    assert "no risk model trained yet" in result.output
