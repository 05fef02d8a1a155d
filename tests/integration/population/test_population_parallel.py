"""Parsing in worker processes changes nothing: the same reports, the same lake, in order."""

import pyarrow.parquet as pq

from engineroom.population.ingest import ingest_path
from engineroom.population.lake import Lake

VOLATILE = {"loaded_at", "path"}


def _stable(reports: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in VOLATILE} for r in reports]


def _rows(var) -> dict[str, int]:
    lake = Lake(var)
    return {
        path.relative_to(lake.root).as_posix(): pq.ParquetFile(path).metadata.num_rows
        for path in lake.root.glob("*/source=*/*.parquet")
    }


def test_two_workers_give_the_same_reports_and_lake_as_one(region, tmp_path):
    feeds = region / "feeds"
    serial = ingest_path(feeds, tmp_path / "serial", workers=1)
    parallel = ingest_path(feeds, tmp_path / "parallel", workers=2)
    assert _stable(parallel) == _stable(serial)
    assert all(r["rows_in"] == r["accepted"] + r["quarantined"] for r in parallel)
    assert _rows(tmp_path / "parallel") == _rows(tmp_path / "serial")
    again = ingest_path(feeds, tmp_path / "parallel", workers=2)
    assert {r["status"] for r in again} == {"already loaded"}
