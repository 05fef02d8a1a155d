"""Parity: the whole linkage pipeline gives identical tables on DuckDB and PySpark."""

import pyarrow.parquet as pq
import pytest

from engineroom.population.ingest import ingest_path
from engineroom.population.pipeline import run_linkage
from engineroom.population.region import example_spec
from engineroom.population.synth import generate

pytestmark = pytest.mark.spark


def _snapshot(var, version):
    folder = var / "lake" / "linked" / version
    out = {}
    for path in sorted(folder.rglob("*.parquet")):
        table = pq.ParquetFile(path).read()
        rows = [
            tuple(sorted((k, str(v)) for k, v in r.items() if k not in ("load_seq",)))
            for r in table.to_pylist()
        ]
        out[str(path.relative_to(folder))] = sorted(rows)
    return out


def test_parity_linkage_duckdb_equals_pyspark(tmp_path):
    generate(example_spec(), tmp_path / "synth", seed=5, scale=0.004)
    var = tmp_path / "var"
    ingest_path(tmp_path / "synth" / "feeds", var)
    duck = run_linkage(var=var, engine="duckdb", key="spec-key")
    duck_snapshot = _snapshot(var, duck["version"])
    spark = run_linkage(var=var, engine="pyspark", key="spec-key")
    assert {k: v for k, v in spark.items() if k not in ("engine", "version")} == {
        k: v for k, v in duck.items() if k not in ("engine", "version")
    }
    assert _snapshot(var, spark["version"]) == duck_snapshot
    assert duck["tables"]["apc_episode"]["by_rule"]["nhs_number"] > 0
