"""The audit log is append-only: its factory writes through ``audit.record`` like everything."""

from __future__ import annotations

import factory

from engineroom.audit import actions
from engineroom.audit.models import AuditEvent


class AuditEventFactory(factory.Factory):
    class Meta:
        model = AuditEvent

    event = "test.happened"
    subject = factory.Sequence(lambda n: f"test.thing:{n}")
    by = None

    @classmethod
    def _create(cls, model_class, *, event, subject, by, **details):
        return actions.record(event, subject, by=by, details=details)
