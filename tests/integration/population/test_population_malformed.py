"""Bad input never crashes ``engineroom ingest`` and never blocks the rest of a folder.

A corpus of hundreds of malformed feed files (``tests/data/feeds_malformed/generated.py``) mixed
with good ones is ingested by the real CLI in a subprocess: it must print its JSON report, load
every good file, reconcile every file exactly as expected, and give every bad file a reason that
names the file (and the row and field where there is one).
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engineroom.population import api, corrections

GENERATOR = Path(__file__).parents[2] / "data" / "feeds_malformed" / "generated.py"
KEYS = ("rows_in", "accepted", "quarantined")


def _generator():
    spec = importlib.util.spec_from_file_location("feeds_malformed_generated", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ingest(feeds: Path, var: Path, *more: str) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable,
        "-m",
        "engineroom.cli",
        "ingest",
        str(feeds),
        "--json",
        "--var",
        str(var),
    ]
    return subprocess.run([*cmd, *more], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("malformed")
    expected = _generator().write(root / "feeds")
    run = _ingest(root / "feeds", root / "var")
    return expected, run, root


@pytest.fixture(scope="module")
def reports(corpus):
    _, run, _ = corpus
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    payload = json.loads(run.stdout)
    return payload, {r["file"]: r for r in payload["files"]}


def _bad(expected: dict) -> dict:
    return {name: e for name, e in expected.items() if not e.get("good") and "lines" not in e}


def test_corpus_has_hundreds_of_malformed_files_mixed_with_good_ones(corpus):
    expected, _, _ = corpus
    cases = {e["case"] for e in _bad(expected).values()}
    assert len(_bad(expected)) >= 200 and len(cases) >= 60
    assert sum(1 for e in expected.values() if e.get("good")) >= 20


def test_cli_never_crashes_and_prints_its_report(corpus, reports):
    expected, run, _ = corpus
    _, by_file = reports
    assert run.returncode == 0  # good files loaded; quarantine is not failure unless --strict
    assert set(by_file) == set(expected)


def test_every_good_file_loads_whole(corpus, reports):
    expected, _, _ = corpus
    _, by_file = reports
    for name, expect in expected.items():
        if expect.get("good") or "lines" in expect:
            r = by_file[name]
            assert r["status"] == "loaded" and r["quarantined"] == 0, (name, r["reasons"])
            assert r["accepted"] == r["rows_in"] == expect["rows_in"], name
            for note in expect.get("notes", []):
                assert any(note in n for n in r["notes"]), (name, r["notes"])


def test_every_file_reconciles_exactly_and_so_does_the_total(corpus, reports):
    expected, _, _ = corpus
    payload, by_file = reports
    for name, expect in expected.items():
        r = by_file[name]
        assert r["rows_in"] == r["accepted"] + r["quarantined"], name
        got = (r["status"], *(r[k] for k in KEYS), r["flagged"])
        want = (expect["status"], *(expect[k] for k in KEYS), expect.get("flagged", 0))
        assert got == want, (name, expect["case"], r["reasons"])
    total = payload["total"]
    assert total["rows_in"] == total["accepted"] + total["quarantined"]
    for key in KEYS:
        assert total[key] == sum(e[key] for e in expected.values()), key
    whole = sum(1 for e in expected.values() if e["status"] == "quarantined")
    assert total["files_quarantined"] == whole


def test_every_bad_file_has_a_reason_naming_file_row_and_field(corpus, reports):
    expected, _, root = corpus
    _, by_file = reports
    for name, expect in _bad(expected).items():
        r = by_file[name]
        reasons = " | ".join([*r["reasons"], *r["flag_reasons"]])
        assert "unexpected error" not in reasons, (name, reasons)  # each case has its own check
        for fragment in expect["reasons"] + expect.get("flag_reasons", []):
            assert fragment in reasons, (name, expect["case"], reasons)
        if expect["status"] == "quarantined":
            assert r["file_error"].startswith(f"{name}: "), r["file_error"]
            assert all(reason.startswith(f"{name}: ") for reason in r["reasons"])
            continue
        rows = corrections.open_issues(root / "var", [r["load_id"]]).to_pylist()
        assert rows and all(q["file"] == name and q["field"] and q["reason"] for q in rows)
        assert all(q["row_number"] >= 1 for q in rows)
        if "row" in expect:
            named = {(q["row_number"], q["field"]) for q in rows}
            assert any(
                row == expect["row"] and expect.get("field") in (None, field)
                for row, field in named
            ), (name, expect["case"], named)


def test_lake_status_shows_whole_file_quarantines_and_a_current_catalog(corpus):
    expected, _, root = corpus
    status = api.lake_status(root / "var")
    whole = {n for n, e in expected.items() if e["status"] == "quarantined"}
    assert status["files_quarantined"] == len(whole)
    assert {q["file"] for q in status["quarantined_files"]} == whole
    assert all(q["reason"] for q in status["quarantined_files"])
    assert status["rows_in"] == status["accepted"] + status["quarantined"]
    assert status["catalog_current"]


def test_rerun_is_a_no_op_and_strict_fails_on_quarantine(corpus):
    _, _, root = corpus
    again = _ingest(root / "feeds", root / "var")
    assert again.returncode == 0, again.stderr[-2000:]
    statuses = {r["status"] for r in json.loads(again.stdout)["files"]}
    assert statuses == {"already loaded", "already quarantined"}
    strict = _ingest(root / "feeds", root / "var", "--strict")
    assert strict.returncode == 1 and json.loads(strict.stdout)["files"]


def test_a_folder_of_only_bad_files_still_reports_then_exits_non_zero(tmp_path):
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "ndop__X26__20991231.csv").write_text("NHS_NUMBER\n9434765919\n")
    (feeds / "csds__R1__20250331.csv").write_bytes(b"\xff\xfe" + "a,b\n".encode("utf-16-le"))
    run = _ingest(feeds, tmp_path / "var")
    assert run.returncode == 1
    payload = json.loads(run.stdout)
    assert {r["status"] for r in payload["files"]} == {"quarantined"}
    assert payload["total"]["files_quarantined"] == 2
    assert payload["total"]["rows_in"] == payload["total"]["quarantined"] == 1
