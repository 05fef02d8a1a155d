"""The risk and issue registers: add and change risks, a risk becoming an issue."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.programmes import rules
from engineroom.programmes.actions._common import _details, _validated
from engineroom.programmes.models import (
    Issue,
    Programme,
    Risk,
    RiskStatus,
)


def _next_ref(programme: Programme, prefix: str, model: type[Risk | Issue]) -> str:
    """The next free reference in a programme's register: R001, R002... or I001..."""
    refs = set(model.objects.filter(programme=programme).values_list("ref", flat=True))
    count = len(refs) + 1
    while f"{prefix}{count:03d}" in refs:
        count += 1
    return f"{prefix}{count:03d}"


@transaction.atomic
def add_risk(*, by, programme: Programme, **fields) -> Risk:
    """A new risk in ``programme``'s register, with the next free reference."""
    risk = _validated(Risk(programme=programme, ref=_next_ref(programme, "R", Risk)), fields)
    risk.save()
    audit.record("programmes.risk_created", audit.subject(risk), by=by, details=_details(fields))
    return risk


@transaction.atomic
def change_risk(*, by, risk: Risk, programme: Programme, **fields) -> Risk:
    """Change a risk, moving it to ``programme`` (which must be in the same system)."""
    if programme.system_id != risk.programme.system_id:
        raise ValidationError("A risk can only move to a programme in the same system.")
    risk.programme = programme
    _validated(risk, fields).save()
    details = _details({"programme": programme.code, **fields})
    audit.record("programmes.risk_updated", audit.subject(risk), by=by, details=details)
    return risk


@transaction.atomic
def risk_to_issue(*, by, risk: Risk, resolve_by: dt.date, on: dt.date | None = None) -> Issue:
    """The risk happened: open an issue from it and mark the risk as having become one."""
    if not rules.can_become_issue(risk):
        raise ValidationError("Only an open risk can become an issue.")
    issue = Issue(
        programme=risk.programme,
        ref=_next_ref(risk.programme, "I", Issue),
        title=risk.title,
        description=f"{risk.event}\n\nCause: {risk.cause}\n\nEffect: {risk.effect}",
        owner=risk.owner,
        impact=risk.current_impact,
        actions=risk.mitigations,
        raised_on=on or dt.date.today(),
        resolve_by=resolve_by,
        escalation=risk.escalation,
        from_risk=risk,
    )
    issue.full_clean()
    issue.save()
    risk.status = RiskStatus.BECAME_ISSUE
    risk.save(update_fields=["status"])
    audit.record(
        "programmes.risk_became_issue",
        audit.subject(risk),
        by=by,
        details={"issue": issue.pk, "ref": issue.ref},
    )
    return issue
