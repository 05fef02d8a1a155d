"""The keyed chain: sequence numbers, hashes, the head, checkpoints and ``verify``."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from engineroom.audit import actions as audit
from engineroom.audit import checkpoints, integrity
from engineroom.audit.chain import GENESIS, HASHED, HEAD, digest
from engineroom.audit.models import AuditEvent, AuditHead
from factories.audit import AuditEventFactory


def test_events_are_numbered_and_chained_with_a_keyed_hash(member):
    clinician = member("clinician")
    first = audit.record("record.viewed", "person:x", by=clinician, reason="direct care")
    second = audit.record("feeds.loaded", "", by=None, details={"rows": 3, "when": first.at})
    assert (first.seq, second.seq) == (1, 2)
    assert first.previous_hash == GENESIS and second.previous_hash == first.hash
    assert first.actor == clinician and second.actor_name == "system"
    assert second.details == {"rows": 3, "when": str(first.at)}  # stored as hashed: JSON only
    head = AuditHead.objects.get(pk=HEAD)
    assert (head.seq, head.hash) == (2, second.hash)
    keyed = digest(
        seq=1,
        previous=GENESIS,
        at=first.at,
        actor_id=clinician.pk,
        actor_name=str(clinician),
        action="record.viewed",
        subject="person:x",
        reason="direct care",
        details={},
    )
    assert first.hash == keyed and first.hash != digest(**_fields(first), secret=b"other-key")


def _fields(event) -> dict:
    return {"previous": event.previous_hash, **{f: getattr(event, f) for f in HASHED}}


def test_a_whole_chain_verifies_and_the_check_is_kept_and_audited(db):
    AuditEventFactory.create_batch(5)
    result = integrity.verify()
    assert result.ok and result.events == 5 and result.last_seq == 5 and not result.reason
    assert integrity.last() == result
    kept = json.loads((checkpoints.folder() / "last-verification.json").read_text())
    assert kept["ok"] is True and kept["events"] == 5
    verified = AuditEvent.objects.get(seq=6)
    assert verified.action == "audit.verified" and verified.details["events"] == 5
    assert integrity.verify().events == 6  # the check's own event is in the next check


def test_an_empty_log_verifies(db):
    assert integrity.check().ok and integrity.check().events == 0
    assert integrity.last() is None


def test_every_hundredth_event_and_every_passing_verification_is_checkpointed(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        AuditEventFactory.create_batch(205)
    marks = checkpoints.read()
    assert [m.seq for m in marks] == [100, 200]
    assert all(m.signed for m in marks)
    assert marks[1].hash == AuditEvent.objects.get(seq=200).hash
    with django_capture_on_commit_callbacks(execute=True):
        assert integrity.verify().checkpoint == 200
    assert [m.seq for m in checkpoints.read()] == [100, 200, 205]
    with django_capture_on_commit_callbacks(execute=True):
        assert integrity.verify().checkpoint == 205
    assert [m.seq for m in checkpoints.read()] == [100, 200, 205, 206]


def test_a_rolled_back_event_is_never_checkpointed(db, django_capture_on_commit_callbacks):
    AuditEventFactory.create_batch(99)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        AuditEventFactory()
    assert len(callbacks) == 1  # run only if the transaction commits
    assert not checkpoints.path().exists()


def test_verify_at_start_prints_one_line_and_refuses_a_broken_log(db, capsys):
    from django.db import connection

    from engineroom.audit import triggers

    AuditEventFactory.create_batch(3)
    assert integrity.verify_at_start().ok
    assert capsys.readouterr().out == "Audit log verified: 3 events, chain intact to seq 3\n"
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    with pytest.raises(SystemExit) as stopped:
        integrity.verify_at_start()
    assert stopped.value.code == 1
    assert capsys.readouterr().out == "Audit log BROKEN: sequence gap after 1 (deleted)\n"
    assert integrity.last().first_bad_seq == 3


def test_an_empty_audit_key_is_refused(db, settings):
    settings.AUDIT_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="ENGINEROOM_AUDIT_KEY"):
        AuditEventFactory()
