"""Many people open identifiable, audited pages at the same moment on the production server.

`engineroom serve` (gunicorn, several worker processes, production settings: demo mode off, the
three keys set, behind a TLS-terminating proxy) serves a database of its own: a temporary SQLite
file, or a fresh database on the throwaway PostgreSQL of `make test-postgres`. The data manager
signs in through the sign-in form; then 20, and 50, requests at once open a feed's quarantine
and the unlinked queue. Every one must succeed, and write its audit event to an intact chain.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

import pytest
from django.urls import reverse

pytestmark = pytest.mark.slow

FEED = Path(__file__).parents[2] / "data" / "feeds_malformed" / "ecds__R0A02__20250331.csv"
PRODUCTION = {
    "ENGINEROOM_SECRET_KEY": "concurrency-test-secret-" + uuid.uuid4().hex + uuid.uuid4().hex,
    "ENGINEROOM_PSEUDO_KEY": "concurrency-test-pseudonymisation-key",
    "ENGINEROOM_AUDIT_KEY": "concurrency-test-audit-key",
    "ENGINEROOM_BEHIND_TLS_PROXY": "1",
}

SEED = """
import json, sys
from pathlib import Path
from engineroom.cli.site import setup_django
setup_django()
from engineroom.population import api
from engineroom.population.ingest import ingest_path
from factories.accounts import PASSWORD, UserFactory
from factories.system import SystemFactory, organisation_in
from django.conf import settings
system = SystemFactory()
organisation_in(system, ods_code="R0A02")
user = UserFactory.with_role("data_manager", system=system)
ingest_path(Path(sys.argv[1]), settings.VAR_DIR)
load_id = api.feed_reports(settings.VAR_DIR)[0]["load_id"]
print(json.dumps({"system": system.code, "load_id": load_id,
                  "username": user.username, "password": PASSWORD}))
"""

AUDIT = """
import json
from engineroom.cli.site import setup_django
setup_django()
from engineroom.audit import integrity
from engineroom.audit.models import AuditEvent
result = integrity.check()  # reads only: no audit.verified event of its own
print(json.dumps({"events": AuditEvent.objects.count(), "ok": result.ok, "why": result.reason}))
"""


def python(code: str, env: dict, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Database:
    """The server's own database: a SQLite file in its var directory, or a new PostgreSQL
    database beside the test run's (``ENGINEROOM_DATABASE_URL`` from scripts/with-postgres.sh)."""

    def __init__(self):
        self.admin_url = os.environ.get("ENGINEROOM_DATABASE_URL")
        self.name = f"engineroom_concurrency_{uuid.uuid4().hex[:8]}"

    def __enter__(self) -> dict:
        if not self.admin_url:
            return {}
        self._admin(f'CREATE DATABASE "{self.name}"')
        url = urlunparse(urlparse(self.admin_url)._replace(path=f"/{self.name}"))
        return {"ENGINEROOM_DATABASE_URL": url}

    def __exit__(self, *exc) -> None:
        if self.admin_url:
            self._admin(f'DROP DATABASE "{self.name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)


class Client:
    """One browser: HTTP to the server as the TLS proxy forwards it, cookies kept by hand
    (they are Secure, so a cookie jar would not send them over plain HTTP)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, text

    def sign_in(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/sign-in/")
        assert status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        status, page = self.request("POST", "/sign-in/", fields)
        assert status == 302 and "sessionid" in self.cookies, page


def wait_until_serving(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120  # start-up on a busy machine; not a timing assertion
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            if Client(port).request("GET", "/sign-in/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"the server did not start:\n{log.read_text()}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The production server on its own database, and the seeded system, feed and user."""
    var = tmp_path_factory.mktemp("served")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ENGINEROOM_", "DJANGO_"))}
    with Database() as database:
        env = clean | PRODUCTION | database | {"ENGINEROOM_VAR": str(var)}
        cli = [sys.executable, "-m", "engineroom.cli"]
        migrate = subprocess.run([*cli, "manage", "migrate"], env=env, capture_output=True)
        assert migrate.returncode == 0, migrate.stderr.decode()
        seeded = python(SEED, env | {"PYTHONPATH": str(Path(__file__).parents[2])}, str(FEED))
        port, log = free_port(), var / "server.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [*cli, "serve", "--address", f"127.0.0.1:{port}", "--workers", "3"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_serving(port, server, log)
            yield {"port": port, "env": env, "log": log, **seeded}
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)


@pytest.mark.parametrize("people", [20, 50])
def test_simultaneous_audited_views_all_succeed_and_keep_the_chain(served, people):
    client = Client(served["port"])
    client.sign_in(served["username"], served["password"])
    pages = [
        reverse("feeds:feed", args=[served["system"], served["load_id"]]),
        reverse("feeds:unlinked", args=[served["system"]]),
    ]
    before = python(AUDIT, served["env"])["events"]
    start = threading.Barrier(people)

    def open_both(_):
        browser = Client(served["port"])
        browser.cookies = dict(client.cookies)  # the same signed-in session, in many tabs
        start.wait()
        return [browser.request("GET", page) for page in pages]

    with ThreadPoolExecutor(max_workers=people) as pool:
        responses = [r for pair in pool.map(open_both, range(people)) for r in pair]

    failures = [status for status, _ in responses if status != 200]
    assert failures == [], f"{len(failures)} of {len(responses)} failed: {failures}"
    assert all("column missing from file" in page for _, page in responses[::2])
    audit = python(AUDIT, served["env"])
    assert audit["events"] == before + 2 * people
    assert audit["ok"], audit["why"]
    assert "database is locked" not in served["log"].read_text()
