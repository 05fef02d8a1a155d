"""Writing the audit log: one ``record(event, subject, by=...)`` for every audited thing."""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from engineroom.audit import checkpoints
from engineroom.audit.chain import GENESIS, HEAD, digest, plain
from engineroom.audit.models import AuditEvent, AuditHead, PersonAccess


def subject(obj) -> str:
    """The one subject convention: ``<app>.<model>:<pk>`` for a database row.

    Things that are not rows name their kind the same way: ``feeds.load:<id>``,
    ``population_health.worklist:<kind>``.
    """
    return f"{obj._meta.label_lower}:{obj.pk}"


def record(
    event: str, subject: str, *, by, reason: str = "", details: dict | None = None
) -> AuditEvent:
    """Append one event (``<app>.<what_happened>``) done ``by`` a user (or None for the system).

    Serialised on the one ``AuditHead`` row: a second writer waits for the first to commit and
    then reads the head it wrote (PostgreSQL re-reads a row locked FOR UPDATE; on SQLite the
    no-op UPDATE takes the database's write lock before anything is read). Call it inside the
    action's own transaction so the write and its audit entry commit together.
    """
    details = plain(details)
    actor_name = str(by) if by is not None else "system"
    actor_id = by.pk if getattr(by, "pk", None) else None
    with transaction.atomic():
        head = _locked_head()
        at = timezone.now()
        seq = head.seq + 1
        hashed = dict(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_name=actor_name,
            action=event,
            subject=subject,
            reason=reason,
            details=details,
        )
        row = AuditEvent(
            **hashed, previous_hash=head.hash, hash=digest(previous=head.hash, **hashed)
        )
        row.save()
        _index_people(row)
        AuditHead.objects.filter(pk=HEAD).update(seq=seq, hash=row.hash)
        if checkpoints.due(seq):
            checkpoints.write(seq, row.hash)
    return row


def _index_people(row: AuditEvent) -> None:
    """Index the people an event names, so each can be shown who looked at their record."""
    numbers = row.details.get("nhs_numbers")
    if isinstance(numbers, list) and numbers:
        shaped = (str(n) for n in dict.fromkeys(numbers))  # a typed-in number may be anything
        people = (PersonAccess(event=row, nhs_number=n) for n in shaped if _ten_digits(n))
        PersonAccess.objects.bulk_create(people, batch_size=2000)


def _ten_digits(text: str) -> bool:
    return len(text) == 10 and text.isascii() and text.isdigit()


def _locked_head() -> AuditHead:
    heads = AuditHead.objects.filter(pk=HEAD)
    if connection.vendor == "sqlite" and not _begins_immediate():
        heads.update(seq=F("seq"))  # SQLite has no row locks: take the write lock now
    return heads.select_for_update().first() or _first_head()


def _begins_immediate() -> bool:
    """SQLite transactions begun IMMEDIATE (the project's setting) hold the write lock already."""
    return connection.settings_dict.get("OPTIONS", {}).get("transaction_mode") == "IMMEDIATE"


def _first_head() -> AuditHead:
    """The head of an empty log (migration 0003 makes it; ``flush`` empties it with the rest)."""
    if AuditEvent.objects.exists():
        raise RuntimeError(
            "The audit log's head row is missing but events exist: run `engineroom audit verify`"
        )
    try:
        with transaction.atomic():
            return AuditHead.objects.create(pk=HEAD, seq=0, hash=GENESIS)
    except IntegrityError:  # another writer made it first
        return AuditHead.objects.select_for_update().get(pk=HEAD)
