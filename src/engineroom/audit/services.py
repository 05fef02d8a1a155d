"""Writing and checking the audit log."""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from engineroom.audit.models import AuditEvent

GENESIS = "0" * 64


def _digest(
    previous: str, at: str, actor: str, action: str, subject: str, reason: str, details: dict
) -> str:
    body = json.dumps(
        [previous, at, actor, action, subject, reason, details], sort_keys=True, default=str
    )
    return hashlib.sha256(body.encode()).hexdigest()


def record(
    *, actor, action: str, subject: str = "", reason: str = "", details: dict | None = None
) -> AuditEvent:
    """Append one event. Serialised on the last row so two writers cannot fork the chain."""
    details = details or {}
    actor_name = str(actor) if actor is not None else "system"
    with transaction.atomic():
        last = AuditEvent.objects.select_for_update().order_by("-id").first()
        previous = last.hash if last else GENESIS
        at = timezone.now()
        event = AuditEvent(
            at=at,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=actor_name,
            action=action,
            subject=subject,
            reason=reason,
            details=details,
            previous_hash=previous,
            hash=_digest(previous, at.isoformat(), actor_name, action, subject, reason, details),
        )
        event.save()
    return event


def verify_chain() -> int | None:
    """Return the id of the first event whose hash does not match, or None if the chain holds."""
    previous = GENESIS
    for e in AuditEvent.objects.order_by("id").iterator():
        expected = _digest(
            previous, e.at.isoformat(), e.actor_name, e.action, e.subject, e.reason, e.details
        )
        if e.previous_hash != previous or e.hash != expected:
            return e.pk
        previous = e.hash
    return None
