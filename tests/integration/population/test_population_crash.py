"""Killing ingestion at any point and re-running leaves a consistent lake."""

import os
import random
import signal
import subprocess
import sys
import time

import duckdb
import pyarrow.parquet as pq
import pytest

from engineroom.population.ingest import feed_files, ingest_path
from engineroom.population.lake import CRASH_ENV, Lake


def _ingest_cmd(feeds, var):
    return [
        sys.executable,
        "-m",
        "engineroom.cli",
        "ingest",
        str(feeds),
        "--var",
        str(var),
    ]


def assert_consistent(var, expected_files: int):
    """Every committed load reconciles, its files exist, and nothing uncommitted is visible."""
    lake = Lake(var)
    loads = lake.loads()
    assert len(loads) == expected_files
    committed = set()
    for m in loads:
        assert m["rows_in"] == m["accepted"] + m["quarantined"], m["file"]
        for table, rel in m["outputs"].items():
            path = lake.root / rel
            assert path.exists(), rel
            committed.add(path)
            if not table.startswith("_") and table not in ("fhir_resource", "community_contact"):
                assert pq.ParquetFile(path).metadata.num_rows == m["accepted"], m["file"]
    on_disk = {p for p in lake.root.glob("*/source=*/*.parquet")}
    assert on_disk == committed
    assert not (lake.root / "_staging").exists() or not any((lake.root / "_staging").iterdir())


@pytest.mark.parametrize("point", ["staged", "moved"])
def test_crash_injected_at_each_publish_step_then_rerun(region, tmp_path, point):
    feeds = region / "feeds"
    env = {**os.environ, CRASH_ENV: point}
    crashed = subprocess.run(_ingest_cmd(feeds, tmp_path), env=env, capture_output=True)
    assert crashed.returncode == 75  # died inside publish, before committing
    lake = Lake(tmp_path)
    assert lake.loads() == []  # nothing committed is visible
    reports = ingest_path(feeds, tmp_path)
    assert_consistent(tmp_path, len(reports))
    assert {r["status"] for r in reports} == {"loaded"}


def test_crash_sigkill_at_random_moments_then_rerun(region, tmp_path):
    feeds = region / "feeds"
    rng = random.Random(1234)
    for _ in range(3):
        proc = subprocess.Popen(
            _ingest_cmd(feeds, tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.5, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    reports = ingest_path(feeds, tmp_path)
    assert_consistent(tmp_path, len(reports))
    again = ingest_path(feeds, tmp_path)
    assert {r["status"] for r in again} == {"already loaded"}


def test_kill_between_last_manifest_and_catalog_swap_is_repaired_by_next_run(region, tmp_path):
    feeds = region / "feeds"
    first = feed_files(feeds)[0]
    ingest_path(first, tmp_path)  # a catalog built from one load
    env = {**os.environ, CRASH_ENV: "catalog"}
    crashed = subprocess.run(_ingest_cmd(feeds, tmp_path), env=env, capture_output=True)
    assert crashed.returncode == 75  # every manifest written, killed before the catalog swap
    lake = Lake(tmp_path)
    assert len(lake.loads()) == len(feed_files(feeds))
    assert not lake.catalog_current()
    with duckdb.connect(str(lake.catalog), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM _catalog_loads").fetchone() == (1,)
    reports = ingest_path(feeds, tmp_path)  # nothing new to load, but the catalog is stale
    assert {r["status"] for r in reports} == {"already loaded"}
    assert lake.catalog_current()
    assert_consistent(tmp_path, len(reports))
    person_rows = sum(pq.ParquetFile(f).metadata.num_rows for f in lake.files("person"))
    with duckdb.connect(str(lake.catalog), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM person").fetchone() == (person_rows,)
        loads = con.execute("SELECT count(*) FROM _catalog_loads").fetchone()
    assert loads == (len(reports),)
