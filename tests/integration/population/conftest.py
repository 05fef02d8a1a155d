"""Fixtures for population integration tests: generated feeds, a lake, a real mesh-sandbox server."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from engineroom.population.region import example_spec
from engineroom.population.synth import generate

CORPUS = Path(__file__).parents[2] / "data" / "feeds_malformed"


def pytest_configure(config):
    config.addinivalue_line("markers", "mesh: starts a local mesh-sandbox server (uvicorn)")


@pytest.fixture(scope="session")
def region(tmp_path_factory):
    out = tmp_path_factory.mktemp("region")
    generate(example_spec(), out, seed=11, scale=0.01)
    return out


@pytest.fixture(scope="session")
def ledger(region):
    return json.loads((region / "dirt_ledger.json").read_text())


@pytest.fixture(scope="session")
def corpus_expected():
    return json.loads((CORPUS / "expected.json").read_text())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def mesh_server(tmp_path_factory):
    """mesh-sandbox on a free loopback port, in-memory store, canned test mailboxes, full MESH token auth."""
    port = _free_port()
    env = {
        **os.environ,
        "STORE_MODE": "memory",
        "AUTH_MODE": "full",
        "SHARED_KEY": "TestKey",
        "FILE_STORE_DIR": str(tmp_path_factory.mktemp("mesh")),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "mesh_sandbox.api:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as resp:
                if resp.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail(f"mesh-sandbox did not start: {proc.stderr.read().decode()[-2000:]}")
    yield url
    proc.terminate()
    proc.wait(timeout=10)
