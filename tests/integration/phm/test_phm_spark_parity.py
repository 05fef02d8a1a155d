"""The same PHM SQL on PySpark (transpiled by sqlglot) gives the same answers as on DuckDB."""

import json
import shutil

import pytest

from engineroom.population.phm import casefinding, lakeviews, refresh
from engineroom.population.phm.features import person_features

pytestmark = pytest.mark.spark
KEY = "phm-test-key"


def test_features_and_case_finding_match_on_both_engines(phm_var):
    duck, spark = lakeviews.connect(phm_var), lakeviews.connect(phm_var, engine="pyspark")
    end = lakeviews.data_end(duck)
    assert lakeviews.data_end(spark) == end
    a = person_features(duck, end).sort_values("person_id").reset_index(drop=True)
    b = person_features(spark, end).sort_values("person_id").reset_index(drop=True)[a.columns]
    assert len(a) == len(b) > 1000
    assert [c for c in a.columns if not a[c].astype(str).equals(b[c].astype(str))] == []
    cases = [
        casefinding.find_cases(c, end).sort_values(["condition", "person_id"])
        for c in (duck, spark)
    ]
    assert cases[0][["person_id", "condition", "evidence"]].values.tolist() == (
        cases[1][["person_id", "condition", "evidence"]].values.tolist()
    )


def test_refresh_on_spark_publishes_the_same_dashboard(phm_var, tmp_path):
    var = tmp_path / "spark"
    shutil.copytree(phm_var, var)
    spec = json.loads((var / "phm" / "region.json").read_text())
    out = refresh.refresh(var, spec=spec, key=KEY, engine="pyspark")
    assert out["engine"] == "pyspark"
    spark = json.loads((refresh.results_dir(var) / out["version"] / "dashboard.json").read_text())
    duck = json.loads((refresh.current_results(phm_var) / "dashboard.json").read_text())
    assert spark == duck
