"""The pandas baseline of the pipeline benchmark gives the engine's results on a tiny generated
population, so the speed-up in ``benchmarks/pipeline`` is measured against the same work and
the baseline cannot silently drift from the engine."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # benchmarks/ is not installed

from benchmarks.pipeline import phases as P
from benchmarks.pipeline import report

PEOPLE = 3_000


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Every phase of both implementations, in this process, on the same feed files."""
    work = tmp_path_factory.mktemp("bench")
    P.generate(work, PEOPLE, "duckdb")
    P.stage(work)
    results = {"people_requested": PEOPLE, "engines": ["duckdb", "pandas"], "phases": {}}
    for phase in ("ingest-csv", "ingest-fhir", "link", "train", "refresh"):
        for engine in ("duckdb",) if phase == "train" else ("duckdb", "pandas"):
            figures = P.PHASES[phase](work, PEOPLE, engine)
            results["phases"].setdefault(phase, {})[engine] = figures | {"seconds": 1.0}
    return results


def test_baseline_accepts_the_same_rows_of_every_feed_file(run):
    csv = run["phases"]["ingest-csv"]
    assert csv["pandas"]["files"] == csv["duckdb"]["files"]
    assert len(csv["duckdb"]["files"]) > 30
    fhir = run["phases"]["ingest-fhir"]
    assert fhir["pandas"]["files"] == fhir["duckdb"]["files"]


def test_baseline_links_the_same_people_and_rows(run):
    link = run["phases"]["link"]
    assert link["duckdb"]["people"] > PEOPLE * 0.9
    for key in ("people", "event_rows", "unlinked"):
        assert link["pandas"][key] == link["duckdb"][key], key


def test_baseline_refresh_reconciles_with_the_engine(run):
    refresh = run["phases"]["refresh"]
    duck, base = refresh["duckdb"], refresh["pandas"]
    assert base["people"] == duck["people"]
    assert base["segments"] == duck["segments"]
    assert base["case_finding"] == duck["case_finding"]
    assert sum(duck["case_finding"].values()) > 0
    assert base["dashboard"] == duck["dashboard"]
    assert "system:QXX" in duck["dashboard"]


def test_harness_reconciliation_reports_agreement_and_finds_a_difference(run):
    assert all(r["agree"] for r in report.reconcile(run).values())
    broken = {**run, "phases": {**run["phases"]}}
    refresh = dict(broken["phases"]["refresh"])
    refresh["pandas"] = refresh["pandas"] | {"people": refresh["pandas"]["people"] + 1}
    broken["phases"]["refresh"] = refresh
    found = report.reconcile(broken)["refresh duckdb=pandas"]
    assert not found["agree"] and found["differences"] == [
        f"/people: {refresh['duckdb']['people']!r} != {refresh['pandas']['people']!r}"
    ]
