"""The CLI works end to end on a small region: synth, ingest --json, link, lake status."""

import json

from typer.testing import CliRunner

from engineroom.cli import app

runner = CliRunner()


def test_cli_synth_ingest_link_status(tmp_path, monkeypatch):
    monkeypatch.setenv("ENGINEROOM_VAR", str(tmp_path))
    monkeypatch.setenv("ENGINEROOM_PSEUDO_KEY", "cli-test-key")
    assert runner.invoke(app, ["synth", "population", "--scale", "0.003"]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(tmp_path / "synth" / "feeds"), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert (
        payload["total"]["rows_in"]
        == payload["total"]["accepted"] + payload["total"]["quarantined"]
    )
    assert all(
        {"file", "rows_in", "accepted", "quarantined", "reasons"} <= set(f)
        for f in payload["files"]
    )
    linked = runner.invoke(app, ["link"])
    assert linked.exit_code == 0, linked.output
    status = json.loads(runner.invoke(app, ["lake", "status"]).stdout)
    assert status["linkage_version"] and status["linkage"]["people"] > 0


def test_cli_ingest_missing_path_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--var", str(tmp_path)])
    assert result.exit_code != 0
    assert "does not exist" in result.output
