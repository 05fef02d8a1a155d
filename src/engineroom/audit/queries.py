"""Reading and checking the audit log."""

from __future__ import annotations

from engineroom.audit.actions import GENESIS, digest
from engineroom.audit.models import AuditEvent


def verify_chain() -> int | None:
    """Return the id of the first event whose hash does not match, or None if the chain holds."""
    previous = GENESIS
    for e in AuditEvent.objects.order_by("id").iterator():
        expected = digest(
            previous, e.at.isoformat(), e.actor_name, e.action, e.subject, e.reason, e.details
        )
        if e.previous_hash != previous or e.hash != expected:
            return e.pk
        previous = e.hash
    return None
