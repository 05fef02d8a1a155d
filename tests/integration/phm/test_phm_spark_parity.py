"""A refresh on PySpark (scores from the executors through ``mapInArrow``, files written by the
executors) publishes the same files as on DuckDB, on a realistic 6,000-person region.

Stage by stage (features, eFI, segments, case-finding, scores, dashboard) the engines are compared
on random populations by ``tests/spec/test_spec_generative.py``."""

import json
import shutil

import pyarrow.parquet as pq
import pytest

from engineroom.population.phm import refresh

pytestmark = pytest.mark.spark
KEY = "phm-test-key"


def _rows(table, columns=None):
    rows = table.to_pylist() if columns is None else table.select(columns).to_pylist()
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)


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
