"""The written triggers a regulator keeps: each change audited with the words before and after
(the trigger's history), then the region's firings found again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.oversight import rules
from engineroom.oversight.actions import refresh
from engineroom.oversight.models import Trigger
from engineroom.system.models import Region

TRIGGER_FIELDS = ("measure", "condition", "months", "against", "consequence", "intensive", "active")


def save_trigger(trigger: Trigger | None = None, *, region: Region | None = None, by, **fields):
    """Create a trigger (``region`` given) or change one; the audit entry keeps the words before
    and after, which is the trigger's history. Firings are found again for the region."""
    with transaction.atomic():
        before = rules.wording_of(trigger) if trigger else ""
        trigger = trigger or Trigger(region=region)
        for name in TRIGGER_FIELDS:
            if name in fields:
                setattr(trigger, name, fields[name])
        trigger.changed_by, trigger.changed_at = by, timezone.now()
        trigger.full_clean()
        trigger.save()
        after = rules.wording_of(trigger)
        audit.record(
            "oversight.trigger_created" if not before else "oversight.trigger_changed",
            audit.subject(trigger),
            by=by,
            details={"before": before, "after": after, "active": trigger.active},
        )
    refresh.triggers(trigger.region)
    return trigger
