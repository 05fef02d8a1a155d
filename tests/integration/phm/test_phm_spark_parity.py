"""The same PHM Ibis expressions on PySpark give the same answers as on DuckDB, and a refresh on
PySpark (scores from the executors through ``mapInArrow``, files written by the executors)
publishes the same files."""

import json
import shutil

import pyarrow.parquet as pq
import pytest

from engineroom.population.phm import casefinding, lakeviews, refresh
from engineroom.population.phm.features import person_features

pytestmark = pytest.mark.spark
KEY = "phm-test-key"


def _rows(table, columns=None):
    rows = table.to_pylist() if columns is None else table.select(columns).to_pylist()
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)


def test_features_and_case_finding_match_on_both_engines(phm_var):
    duck, spark = lakeviews.connect(phm_var), lakeviews.connect(phm_var, engine="pyspark")
    end = lakeviews.data_end(duck)
    assert lakeviews.data_end(spark) == end
    a, b = (person_features(lake, end).to_pyarrow() for lake in (duck, spark))
    assert a.num_rows == b.num_rows > 1000
    assert _rows(a) == _rows(b.select(a.column_names))
    cases = [casefinding.find_cases(lake, end).to_pyarrow() for lake in (duck, spark)]
    columns = ["person_id", "condition", "evidence"]
    assert _rows(cases[0], columns) == _rows(cases[1], columns)


def test_refresh_on_spark_publishes_the_same_files(phm_var, tmp_path):
    var = tmp_path / "spark"
    shutil.copytree(phm_var, var)
    spec = json.loads((var / "phm" / "region.json").read_text())
    out = refresh.refresh(var, spec=spec, key=KEY, engine="pyspark")
    assert out["engine"] == "pyspark"
    spark_dir = refresh.results_dir(var) / out["version"]
    duck_dir = refresh.current_results(phm_var)
    spark = json.loads((spark_dir / "dashboard.json").read_text())
    assert spark == json.loads((duck_dir / "dashboard.json").read_text())
    for name in ("people.parquet", "casefinding.parquet", "evidence.parquet"):
        a, b = pq.read_table(duck_dir / name), pq.read_table(spark_dir / name)
        assert a.schema.remove_metadata() == b.schema.remove_metadata(), name
        assert _rows(a) == _rows(b), name
