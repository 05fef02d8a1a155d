"""Tampering with the audit log: refused by the database, and detected when forced.

"Forced" means playing a database owner who drops the triggers first (inside the test's
transaction, so they come back afterwards).
"""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from engineroom.audit import checkpoints, integrity, triggers
from engineroom.audit.chain import HASHED, HEAD, digest
from engineroom.audit.models import AuditEvent, AuditHead
from factories.audit import AuditEventFactory


def sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def refused(statement: str, *params) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql(statement, *params)


def settle() -> None:
    """PostgreSQL will not TRUNCATE a table with foreign-key checks still pending in this
    transaction (the test's own): run them now, as a commit would."""
    if connection.vendor == "postgresql":
        sql("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def chain(db):
    """Ten events."""
    return AuditEventFactory.create_batch(10)


@pytest.fixture
def owner(chain):
    """A database owner: the append-only triggers dropped."""
    triggers.remove(connection)


def checkpointed(django_capture_on_commit_callbacks) -> integrity.Verification:
    with django_capture_on_commit_callbacks(execute=True):
        return integrity.verify()


def test_the_triggers_are_installed_by_the_migrations(db):
    expected = {
        "sqlite": {"audit_event_no_update", "audit_event_no_delete"},
        "postgresql": {"audit_event_no_change", "audit_event_no_truncate"},
    }[connection.vendor] | {"audit_head_no_delete", "audit_head_forward"}
    assert expected <= triggers.installed(connection)


def test_the_database_refuses_to_change_or_remove_events(chain):
    refused("UPDATE audit_auditevent SET subject = %s WHERE seq = 2", "person:z")
    refused("DELETE FROM audit_auditevent WHERE seq = 10")
    refused("DELETE FROM audit_auditevent")
    refused("DELETE FROM audit_audithead")
    refused("UPDATE audit_audithead SET seq = 3")
    if connection.vendor == "postgresql":
        settle()
        refused("TRUNCATE audit_auditevent CASCADE")  # the person index refers to it
        refused("TRUNCATE audit_audithead")
    assert AuditEvent.objects.get(seq=2).subject == chain[1].subject
    assert AuditEvent.objects.count() == 10 and integrity.check().ok


def test_the_orm_refuses_bulk_changes_and_the_model_refuses_edits(chain):
    events = AuditEvent.objects.filter(seq__gte=5)
    attempts = [
        lambda: events.update(subject="person:z"),
        events.delete,
        lambda: AuditEvent.objects.update(reason="x"),
        lambda: AuditEvent.objects.bulk_create([AuditEvent(seq=11)]),
        chain[0].save,
        chain[0].delete,
    ]
    for attempt in attempts:
        with pytest.raises(ValueError, match="append-only"):
            attempt()
    assert AuditEvent.objects.filter(subject="person:z").count() == 0 and integrity.check().ok


def test_an_edited_event_is_named(owner, chain):
    sql("UPDATE audit_auditevent SET subject = %s WHERE seq = 4", "person:someone-else")
    result = integrity.check()
    assert not result.ok
    assert result.reason == "event 4: hash does not match (edited)"
    assert (result.first_bad_seq, result.first_bad_id) == (4, chain[3].pk)
    assert result.events == 3 and result.last_seq == 3


def test_an_edit_with_recomputed_unkeyed_hashes_is_detected(owner, chain):
    def sha256(event, previous):
        body = f"{previous}{event.at.isoformat()}{event.action}{event.subject}"
        return hashlib.sha256(body.encode()).hexdigest()

    rewrite_from(4, "person:someone-else", sha256)
    assert integrity.check().reason == "event 4: hash does not match (edited)"


def keyed(secret: bytes | None = None):
    """A hasher for ``rewrite_from``: the real keyed hash, with the audit key or ``secret``."""

    def hasher(event, previous):
        return digest(previous=previous, **{f: getattr(event, f) for f in HASHED}, secret=secret)

    return hasher


def test_an_edit_rehashed_with_the_wrong_key_is_detected(owner, chain):
    rewrite_from(4, "person:someone-else", keyed(b"a-guessed-key"))
    result = integrity.check()
    assert not result.ok and result.reason == "event 4: hash does not match (edited)"


def rewrite_from(seq: int, subject: str, hasher) -> None:
    """Change event ``seq``'s subject and rechain every later event (and the head) with
    ``hasher(event, previous_hash)``, as a forger without the key would."""
    sql("UPDATE audit_auditevent SET subject = %s WHERE seq = %s", subject, seq)
    previous = AuditEvent.objects.get(seq=seq - 1).hash
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        new = hasher(event, previous)
        sql(
            "UPDATE audit_auditevent SET previous_hash = %s, hash = %s WHERE seq = %s",
            previous,
            new,
            event.seq,
        )
        previous = new
    sql("UPDATE audit_audithead SET hash = %s WHERE id = %s", previous, HEAD)


def test_a_deleted_middle_event_is_a_gap(owner, chain):
    sql("DELETE FROM audit_auditevent WHERE seq = 6")
    result = integrity.check()
    assert result.reason == "sequence gap after 5 (deleted)"
    assert (result.first_bad_seq, result.first_bad_id) == (7, chain[6].pk)


def test_deleted_newest_events_are_found_by_the_head_or_the_checkpoint(
    owner, chain, django_capture_on_commit_callbacks
):
    assert checkpointed(django_capture_on_commit_callbacks).ok  # checkpoint at 10 (event 11)
    sql("DELETE FROM audit_auditevent WHERE seq >= 9")
    assert integrity.check().reason == "sequence gap after 8 (deleted): the head is at 11"
    last = AuditEvent.objects.get(seq=8)
    sql("UPDATE audit_audithead SET seq = 8, hash = %s WHERE id = %s", last.hash, HEAD)
    result = integrity.check()
    assert not result.ok and result.reason == "checkpoint seq 10 missing (truncated)"
    assert result.first_bad_seq == 10 and result.events == 8


def test_an_emptied_log_is_found_by_the_checkpoint(
    owner, chain, django_capture_on_commit_callbacks
):
    checkpointed(django_capture_on_commit_callbacks)
    sql("DELETE FROM audit_auditevent")
    sql("DELETE FROM audit_audithead")
    result = integrity.check()
    assert not result.ok and result.reason == "checkpoint seq 10 missing (truncated)"
    assert result.events == 0


def test_flush_empties_the_log_keeps_the_triggers_and_is_seen_as_truncation(
    chain, django_capture_on_commit_callbacks
):
    checkpointed(django_capture_on_commit_callbacks)
    settle()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not AuditHead.objects.exists()
    assert {"audit_head_no_delete", "audit_head_forward"} <= triggers.installed(connection)
    assert integrity.check().reason == "checkpoint seq 10 missing (truncated)"
    assert AuditEventFactory().seq == 1  # an emptied log starts again (and the check says so)


def test_an_edited_checkpoint_line_is_detected(chain, django_capture_on_commit_callbacks):
    checkpointed(django_capture_on_commit_callbacks)
    line = checkpoints.path().read_text()
    checkpoints.path().write_text(line.replace("10\t", "11\t", 1))
    result = integrity.check()
    assert result.reason == "checkpoint line 1: signature does not match (edited)"


def test_a_rewritten_checkpointed_event_is_detected_even_with_the_key(
    owner, chain, django_capture_on_commit_callbacks
):
    """A forger holding the key can rechain the database, but not the checkpoint file."""
    checkpointed(django_capture_on_commit_callbacks)
    rewrite_from(4, "person:someone-else", keyed())
    result = integrity.check()
    assert result.reason == "checkpoint seq 10: event hash differs (rewritten)"
