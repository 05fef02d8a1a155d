"""The audit log is append-only and chained: its factories write through ``audit.record`` (the
only way to make a valid event: next sequence number, keyed hash over the previous one) like
everything else. Never build an ``AuditEvent`` yourself; a hand-made row breaks the chain."""

from __future__ import annotations

import factory

from engineroom.audit import actions
from engineroom.audit.chain import HEAD
from engineroom.audit.models import AuditEvent, AuditHead, PersonAccess


class AuditEventFactory(factory.Factory):
    class Meta:
        model = AuditEvent

    event = "test.happened"
    subject = factory.Sequence(lambda n: f"test.thing:{n}")
    by = None
    reason = ""

    @classmethod
    def _create(cls, model_class, *, event, subject, by, reason, **details):
        return actions.record(event, subject, by=by, reason=reason, details=details)


class AuditHeadFactory(factory.Factory):
    """The one head row, as it stands after ``events`` more events (it is never made directly)."""

    class Meta:
        model = AuditHead

    events = 1

    @classmethod
    def _create(cls, model_class, *, events):
        AuditEventFactory.create_batch(events)
        return AuditHead.objects.get(pk=HEAD)


class PersonAccessFactory(factory.Factory):
    """A person named by an event: made, like the event, through ``audit.record``."""

    class Meta:
        model = PersonAccess

    nhs_number = "9434765919"

    @classmethod
    def _create(cls, model_class, *, nhs_number):
        event = actions.record(
            "record.viewed",
            f"record.person:{nhs_number}",
            by=None,
            details={"nhs_numbers": [nhs_number]},
        )
        return PersonAccess.objects.get(event=event, nhs_number=nhs_number)
