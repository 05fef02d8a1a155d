"""Ingestion quarantines exactly the injected dirt, reconciles every file and is idempotent."""

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from engineroom.population import api, corrections
from engineroom.population.ingest import ingest_path
from engineroom.population.lake import Lake

CORPUS = Path(__file__).parents[2] / "data" / "feeds_malformed"

GP_NHS_QUARANTINED = ("gp_patients", "gp_events", "gp_medications")


@pytest.fixture(scope="module")
def loaded(region, tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    return ingest_path(region / "feeds", var), var


def test_ingest_every_file_reconciles(loaded):
    reports, _ = loaded
    assert reports
    for r in reports:
        assert r["rows_in"] == r["accepted"] + r["quarantined"], r["file"]


def test_ingest_quarantine_matches_injected_dirt_exactly(loaded, ledger):
    reports, _ = loaded
    for r in reports:
        dirt = ledger[r["file"]]
        if r["kind"] == "fhir":
            assert r["quarantined"] == dirt["bad_status"]
            continue
        expected = sum(
            dirt.get(k, 0) for k in ("bad_date", "future_date", "unknown_code", "duplicate")
        )
        if r["kind"] in GP_NHS_QUARANTINED:
            expected += dirt.get("nhs_missing", 0) + dirt.get("nhs_invalid", 0)
        else:
            assert r["flagged"] == dirt.get("nhs_missing", 0) + dirt.get("nhs_invalid", 0), r[
                "file"
            ]
        assert r["quarantined"] == expected, (r["file"], r["reasons"], dirt)


def test_ingest_quarantine_rows_name_file_row_field_reason(loaded):
    _, var = loaded
    rows = corrections.open_issues(var, [m["load_id"] for m in Lake(var).loads()]).to_pylist()
    assert rows
    for row in rows:
        assert row["file"] and row["row_number"] >= 1 and row["field"] and row["reason"]


def test_ingest_rerun_is_idempotent(loaded):
    reports, var = loaded
    files_before = sorted(p for p in (var / "lake").rglob("*.parquet"))
    feeds_root = Path(reports[0]["path"]).parents[1]
    rerun = ingest_path(feeds_root, var)
    assert {r["status"] for r in rerun} == {"already loaded"}
    assert sorted(p for p in (var / "lake").rglob("*.parquet")) == files_before


def test_ingest_lake_rows_equal_accepted(loaded):
    reports, var = loaded
    lake = Lake(var)
    total = sum(
        pq.ParquetFile(f).metadata.num_rows
        for m in lake.loads()
        for t, rel in m["outputs"].items()
        if not t.startswith("_") and t != "community_contact"
        for f in [lake.root / rel]
    )
    expected = sum(r["accepted"] for r in reports if r["kind"] != "fhir")
    fhir = sum(r["accepted"] for r in reports if r["kind"] == "fhir")
    assert total == expected + fhir


def test_ingest_malformed_corpus_reports_each_problem(tmp_path, corpus_expected):
    feeds = tmp_path / "feeds"
    shutil.copytree(CORPUS, feeds, ignore=shutil.ignore_patterns("*.py", "*.json"))
    reports = {r["file"]: r for r in ingest_path(feeds, tmp_path / "var")}
    assert set(reports) == set(corpus_expected)
    for name, expect in corpus_expected.items():
        r = reports[name]
        assert r["status"] == expect.get("status", "loaded"), (name, r)
        assert (r["rows_in"], r["accepted"], r["quarantined"]) == (
            expect["rows_in"],
            expect["accepted"],
            expect["quarantined"],
        ), (name, r)
        reasons = " | ".join(r["reasons"])
        for fragment in expect["reasons"]:
            assert fragment in reasons, (name, reasons)
        for note in expect.get("notes", []):
            assert any(note in n for n in r["notes"]), (name, r["notes"])


def test_ingest_feed_reports_api_shows_reconciliation(loaded):
    _, var = loaded
    reports = api.feed_reports(var)
    assert reports and all(r["reconciled"] for r in reports)
    status = api.lake_status(var)
    assert status["files_loaded"] == len(reports)
    assert status["rows_in"] == status["accepted"] + status["quarantined"]
