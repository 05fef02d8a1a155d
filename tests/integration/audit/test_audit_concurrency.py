"""Many writers at once keep one unbroken chain: contiguous sequence numbers, no fork.

On PostgreSQL the threads share the test database. SQLite's in-memory test database is one
shared cache whose table locks fail at once instead of waiting, unlike a real server's database
file, so on SQLite the threads write to a database file with the project's own options (WAL,
IMMEDIATE transactions, a busy timeout), holding just the audit tables (and users) and the triggers.
"""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from engineroom.audit import actions as audit
from engineroom.audit import integrity, triggers
from engineroom.audit.models import AuditEvent, AuditHead

THREADS, EACH = 6, 15


@pytest.fixture(params=["IMMEDIATE", "DEFERRED"])
def database(request, transactional_db, tmp_path):
    """``bind()``: point this thread's default connection at the database the writers share
    (on SQLite, with transactions begun IMMEDIATE as the project's settings have them, and
    DEFERRED, where ``record`` itself must take the write lock before reading the head)."""
    if connection.vendor != "sqlite":
        if request.param != "IMMEDIATE":
            pytest.skip("SQLite's transaction modes only")
        yield lambda: None
        return
    options = {**connection.settings_dict["OPTIONS"], "transaction_mode": request.param}
    settings = {
        **connection.settings_dict,
        "NAME": str(tmp_path / "audit.sqlite3"),
        "OPTIONS": options,
    }
    first = DatabaseWrapper(settings, "default")
    with first.schema_editor() as editor:
        editor.create_model(get_user_model())  # events may name a user
        editor.create_model(AuditHead)
        editor.create_model(AuditEvent)
    triggers.install(first)
    first.close()

    def bind():
        connections["default"] = DatabaseWrapper(settings, "default")

    yield bind


def in_thread(bind, work, failures: list, name: str):
    def run():
        bind()
        try:
            work()
        except Exception as error:  # reported by the test, naming the thread
            failures.append(f"{name}: {error!r}")
        finally:
            connections["default"].close()

    return threading.Thread(target=run, name=name)


def test_threads_recording_at_once_keep_the_chain_whole(database):
    failures, start, found = [], threading.Barrier(THREADS), {}

    def write(n: int):
        start.wait()
        for i in range(EACH):
            audit.record("test.concurrent", f"test.thing:{n}-{i}", by=None)

    writers = [
        in_thread(database, lambda n=n: write(n), failures, f"writer {n}") for n in range(THREADS)
    ]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()

    def read():
        found["seqs"] = list(AuditEvent.objects.values_list("seq", flat=True))
        found["check"] = integrity.check()

    reader = in_thread(database, read, failures, "reader")
    reader.start()
    reader.join()
    assert not failures
    assert found["seqs"] == list(range(1, THREADS * EACH + 1))
    assert found["check"].ok and found["check"].events == THREADS * EACH
