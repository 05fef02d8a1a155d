"""Migrating a log written before the keyed chain: its events are numbered and chained again."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from engineroom.audit import integrity, triggers
from engineroom.audit.models import AuditEvent

BEFORE = [("audit", "0001_initial")]
OLD_ROW = (
    "INSERT INTO audit_auditevent (at, actor_name, action, subject, reason, details, "
    "previous_hash, hash) VALUES (%s, 'system', 'old.event', %s, '', %s, %s, %s)"
)


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_old_events_are_rechained_and_the_triggers_installed():
    latest = [("audit", MigrationExecutor(connection).loader.graph.leaf_nodes("audit")[0][1])]
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            for n in range(5):
                at = dt.datetime(2025, 4, 1, 9, n, tzinfo=dt.UTC).isoformat()
                cursor.execute(OLD_ROW, [at, f"x:{n}", json.dumps({"n": n}), "0" * 64, f"{n:064}"])
    finally:
        migrate(latest)
    assert list(AuditEvent.objects.values_list("seq", "subject")) == [
        (n + 1, f"x:{n}") for n in range(5)
    ]
    assert integrity.check().ok and integrity.check().events == 5
    assert "audit_head_forward" in triggers.installed(connection)
