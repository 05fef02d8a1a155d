"""You said, we did: a governance decision the consultation informed, and what changed because
of it. Only decisions the public may read can be linked, since all of this is published."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.engagement.models import Consultation, Influence
from engineroom.governance import public as governance

TEXT_LIMIT = 4_000


def _clean(you_said: str, we_did: str) -> tuple[str, str]:
    said, did = (you_said or "").strip(), (we_did or "").strip()
    errors = {}
    for field, text in (("you_said", said), ("we_did", did)):
        if not text:
            errors[field] = "Say this in a sentence or two: the public page shows it."
        elif len(text) > TEXT_LIMIT:
            errors[field] = f"Keep this under {TEXT_LIMIT:,} characters."
    if errors:
        raise ValidationError(errors)
    return said, did


@transaction.atomic
def record(
    consultation: Consultation, *, decision: governance.Decision, you_said: str, we_did: str, by
) -> Influence:
    """Link ``decision`` (recording again changes the words): it must be the consultation's
    system's and public, so the public page never points at a confidential decision."""
    said, did = _clean(you_said, we_did)
    if decision.system_id != consultation.system_id or not governance.is_public(decision):
        raise ValidationError({"decision": "Choose a public decision of this system."})
    influence, created = Influence.objects.update_or_create(
        consultation=consultation,
        decision=decision,
        defaults={"you_said": said, "we_did": did, "recorded_by": by},
    )
    audit.record(
        "engagement.influence_recorded",
        audit.subject(influence),
        by=by,
        details={"decision": decision.reference, "created": created},
    )
    return influence


@transaction.atomic
def remove(influence: Influence, *, by) -> None:
    """Unlink a decision (it stays in governance; only the "you said, we did" goes)."""
    audit.record(
        "engagement.influence_removed",
        audit.subject(influence),
        by=by,
        details={"decision": influence.decision.reference},
    )
    influence.delete()
