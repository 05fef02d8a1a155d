"""An append-only, keyed hash-chained audit log.

Each event has a contiguous sequence number and an HMAC-SHA256 (keyed with ``AUDIT_KEY``) over its
content and the previous event's hash, so an edited, inserted or deleted row breaks the chain and
:func:`engineroom.audit.integrity.verify` names where. Append-only three times over: the model
refuses ``save`` of an existing row and ``delete``; its querysets refuse ``update``, ``delete`` and
``bulk_create``; and database triggers (migration 0004) refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL) whatever the client.

``AuditHead`` is the one row every writer locks: the last sequence number and hash. It is the only
audit row that changes, and a trigger refuses moving it backwards or deleting it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

APPEND_ONLY = "Audit events are append-only"


class AuditEventQuerySet(models.QuerySet):
    """Refuses the bulk writes that would skip the model's guard and the chain."""

    def update(self, **kwargs):
        raise ValueError(APPEND_ONLY)

    def delete(self):
        raise ValueError(APPEND_ONLY)

    def bulk_create(self, *args, **kwargs):
        raise ValueError(f"{APPEND_ONLY}: write each through audit.record")

    def bulk_update(self, *args, **kwargs):
        raise ValueError(APPEND_ONLY)


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(
        unique=True, help_text="1, 2, 3, ... with no gaps: a missing number is a deleted event."
    )
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    actor_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    subject = models.CharField(
        max_length=200,
        blank=True,
        db_index=True,
        help_text="What was acted on, e.g. 'organisation:RXX' or 'person:<pseudonym>'.",
    )
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.subject}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(APPEND_ONLY)


class AuditHead(models.Model):
    """The chain's head (one row, ``pk=1``): locked by every writer, so the chain never forks."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head at {self.seq}"


class PersonAccess(models.Model):
    """One person named by one audit event (its ``details["nhs_numbers"]``): the index behind
    "who has looked at my record". Written with the event, in its transaction; derived, so
    :func:`engineroom.audit.actions.record` is its only writer."""

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="people")
    nhs_number = models.CharField(max_length=10, db_index=True)

    class Meta:
        ordering = ["event_id"]

    def __str__(self) -> str:
        return f"{self.nhs_number} in audit event {self.event_id}"
