"""Writing the audit log: one ``record(event, subject, by=...)`` for every audited thing."""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from engineroom.audit.models import AuditEvent

GENESIS = "0" * 64


def digest(
    previous: str, at: str, actor: str, action: str, subject: str, reason: str, details: dict
) -> str:
    body = json.dumps(
        [previous, at, actor, action, subject, reason, details], sort_keys=True, default=str
    )
    return hashlib.sha256(body.encode()).hexdigest()


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

    Serialised on the last row so two writers cannot fork the chain. Call it inside the action's
    own transaction so the write and its audit entry commit together.
    """
    details = details or {}
    actor_name = str(by) if by is not None else "system"
    with transaction.atomic():
        last = AuditEvent.objects.select_for_update().order_by("-id").first()
        previous = last.hash if last else GENESIS
        at = timezone.now()
        event_row = AuditEvent(
            at=at,
            actor=by if getattr(by, "pk", None) else None,
            actor_name=actor_name,
            action=event,
            subject=subject,
            reason=reason,
            details=details,
            previous_hash=previous,
            hash=digest(previous, at.isoformat(), actor_name, event, subject, reason, details),
        )
        event_row.save()
    return event_row
