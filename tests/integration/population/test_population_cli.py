"""The CLI works end to end on a small region: synth, ingest --json, link, lake status; the engine's
commands never import Django; ``engineroom demo`` runs only in demo mode."""

import json
import os
import subprocess
import sys

import pytest
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


def test_cli_synth_build_generates_ingests_and_links(tmp_path):
    result = runner.invoke(app, ["synth", "build", "--scale", "0.003", "--var", str(tmp_path)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["generation"]["people"] > 0
    assert (
        summary["ingest"]["rows_in"]
        == summary["ingest"]["accepted"] + (summary["ingest"]["quarantined"])
    )
    assert summary["linkage"]["people"] > 0


def _run(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ENGINEROOM_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", code], env=clean | env, capture_output=True, text=True, check=False
    )


def test_the_engine_commands_never_import_django(tmp_path):
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from engineroom.cli import app\n"
        f"result = CliRunner().invoke(app, ['lake', 'status', '--var', {str(tmp_path)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(any(n == 'django' or n.startswith('django.') for n in sys.modules))\n"
    )
    out = _run(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("secret_key", [None, "a-production-key-" + "x" * 40])
def test_demo_refuses_outside_demo_mode(tmp_path, secret_key):
    keys = {"ENGINEROOM_SECRET_KEY": secret_key} if secret_key else {}
    out = _run(
        "from engineroom.cli import app\napp(['demo'], prog_name='engineroom')",
        ENGINEROOM_VAR=str(tmp_path),
        **keys,
    )
    message = " ".join(out.stderr.split())  # rich wraps long lines
    assert out.returncode == 1
    assert "runs only in demo mode: set ENGINEROOM_DEMO=1" in message
    assert not (tmp_path / "demo").exists()
