"""Safe defaults: outside demo mode nothing starts without its keys, and nothing falls back to a
demo key — the web settings, `engineroom serve`, and the engine commands that load no Django."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from engineroom.cli import app

KEYS = {
    "ENGINEROOM_SECRET_KEY": "settings-test-secret-key-" + "s3cr3t" * 8,
    "ENGINEROOM_PSEUDO_KEY": "settings-test-pseudonymisation-key",
    "ENGINEROOM_AUDIT_KEY": "settings-test-audit-key",
}
SHOW = (
    "from engineroom.web import settings as s; "
    "print(s.DEMO, s.PSEUDO_KEY, s.AUDIT_KEY, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
)


def run(args: list[str], tmp_path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ENGINEROOM_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, *args],
        env=clean | {"ENGINEROOM_VAR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", sorted(KEYS))
def test_the_settings_refuse_to_load_without_each_key_outside_demo_mode(missing, tmp_path):
    given = {k: v for k, v in KEYS.items() if k != missing}
    done = run(["-c", SHOW], tmp_path, **given)
    assert done.returncode != 0
    assert f"{missing} must be set outside demo mode" in done.stderr


def test_with_the_keys_set_the_settings_use_them_and_are_secure(tmp_path):
    done = run(["-c", SHOW], tmp_path, **KEYS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "False",
        KEYS["ENGINEROOM_PSEUDO_KEY"],
        KEYS["ENGINEROOM_AUDIT_KEY"],
        "True",
        "31536000",
    ]


def test_the_audit_key_must_differ_from_the_secret_key(tmp_path):
    same = KEYS | {"ENGINEROOM_AUDIT_KEY": KEYS["ENGINEROOM_SECRET_KEY"]}
    done = run(["-c", SHOW], tmp_path, **same)
    assert done.returncode != 0
    assert "ENGINEROOM_AUDIT_KEY must differ from ENGINEROOM_SECRET_KEY" in done.stderr


def test_demo_mode_has_its_own_public_keys(tmp_path):
    done = run(["-c", SHOW], tmp_path, ENGINEROOM_DEMO="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:3] == [
        "True",
        "demo-only-pseudonymisation-key",
        "demo-only-audit-key",
    ]


def test_serve_refuses_to_start_without_keys_in_one_line(tmp_path):
    done = run(["-m", "engineroom.cli", "serve"], tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "ENGINEROOM_SECRET_KEY must be set outside demo mode (ENGINEROOM_DEMO=1); see README "
        "'Running in production' for how to generate it"
    ]


def test_the_deployment_checks_pass_outside_demo_mode_with_the_keys(tmp_path):
    args = ["-m", "engineroom.cli", "manage", "check", "--", "--deploy", "--fail-level", "WARNING"]
    done = run(args, tmp_path, **KEYS, ENGINEROOM_BEHIND_TLS_PROXY="1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["link"],
        ["synth", "build", "--scale", "0.001"],
        ["refresh", "--spec", "region.json"],
        ["risk", "score"],
    ],
)
def test_engine_commands_refuse_without_a_pseudonymisation_key_outside_demo_mode(
    command, tmp_path, monkeypatch
):
    monkeypatch.delenv("ENGINEROOM_DEMO", raising=False)
    monkeypatch.delenv("ENGINEROOM_PSEUDO_KEY", raising=False)
    result = CliRunner().invoke(app, [*command, "--var", str(tmp_path)])
    assert result.exit_code == 1
    assert "ENGINEROOM_PSEUDO_KEY is not set: set it or pass --key" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written
