"""Proposing, agreeing, ratifying and withdrawing decisions (S5, S6)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from engineroom.audit import actions as audit
from engineroom.governance import queries, rules
from engineroom.governance.models import (
    Body,
    Decision,
    DecisionStatus,
    PartnerDecision,
    PartnerDecisionKind,
    PartnerOutcome,
)


@transaction.atomic
def propose_decision(
    *,
    by,
    body: Body,
    reference: str,
    title: str,
    category: str,
    value_pence: int,
    proposed_on: dt.date,
    summary: str = "",
    places=(),
    organisations=(),
    item=None,
    confidential: bool = False,
    joint_with: Body | None = None,
) -> Decision:
    """A proposal to ``body``; committees in common open each member's own decision at once."""
    reference = reference.strip()
    _check_proposal(body, reference, value_pence, joint_with)
    try:
        with transaction.atomic():  # the constraint decides if another proposal raced this one
            decision = Decision.objects.create(
                body=body,
                reference=reference,
                title=title,
                summary=summary,
                category=category,
                value_pence=value_pence,
                delegation=queries.covering_delegation(body, category, value_pence, proposed_on),
                item=item,
                confidential=confidential,
                proposed_on=proposed_on,
            )
    except IntegrityError as error:
        taken = queries.reference_taken(body.system, reference)
        raise ValidationError({"reference": _reference_used(reference, taken)}) from error
    decision.places.set(places)
    decision.organisations.set(organisations)
    if body.is_committee_in_common:
        _open_partners(decision, PartnerDecisionKind.IN_COMMON, list(body.parties.all()))
        decision.status = DecisionStatus.AWAITING
        decision.save(update_fields=["status"])
    details = {"body": body.code, "title": title, "value": value_pence}
    audit.record("governance.decision_proposed", audit.subject(decision), by=by, details=details)
    return decision


def _check_proposal(body: Body, reference: str, value_pence: int, joint_with) -> None:
    if joint_with is not None:
        raise ValidationError(
            {
                "joint_with": f"{body.name} and {joint_with.name} cannot take a joint decision "
                "together. A joint committee decides as one body within its delegation; "
                "committees in common each take their own decision in parallel."
            }
        )
    if value_pence < 0:
        raise ValidationError({"value": "The value cannot be negative."})
    if taken := queries.reference_taken(body.system, reference):
        raise ValidationError({"reference": _reference_used(reference, taken)})
    if body.is_committee_in_common and not body.parties.exists():
        raise ValidationError({"body": f"{body.name} has no member organisations recorded."})


def _reference_used(reference: str, taken: Decision | None) -> str:
    where = f" (by {taken.body.name}, as {taken.reference})" if taken else ""
    return (
        f"The reference {reference} is already used in this system{where}: decision references "
        "are unique across the system, whatever their case. Choose another reference."
    )


def _open_partners(decision: Decision, kind: str, organisations) -> None:
    PartnerDecision.objects.bulk_create(
        PartnerDecision(decision=decision, organisation=o, kind=kind) for o in organisations
    )


@transaction.atomic
def agree_decision(*, by, decision: Decision, on: dt.date) -> Decision:
    """The body agrees; the decision takes effect, or waits for the partners' boards."""
    if decision.body.is_committee_in_common:
        raise ValidationError(
            f"{decision.body.name} are committees in common: they cannot take a joint decision. "
            "Record each member organisation's own decision instead."
        )
    if not rules.can_be_agreed(decision):
        raise ValidationError(
            "Only a proposed decision can be agreed; this one is "
            f"{decision.get_status_display().lower()}."
        )
    if on < decision.proposed_on:
        raise ValidationError({"on": "A decision cannot be agreed before it was proposed."})
    kind, partners = rules.required_partners(decision)
    decision.agreed_on = on
    if partners:
        _open_partners(decision, kind, partners)
        decision.status = DecisionStatus.AWAITING
    else:
        decision.status = DecisionStatus.EFFECTIVE
        decision.effective_on = on
    decision.save()
    details = {"on": str(on), "partners": len(partners)}
    audit.record("governance.decision_agreed", audit.subject(decision), by=by, details=details)
    return decision


@transaction.atomic
def record_partner_decision(
    *, by, decision: Decision, organisation, outcome: str, on: dt.date, note: str = ""
) -> Decision:
    """One partner's ratification (or parallel decision); refuses organisations not a party."""
    row = _pending_partner(decision, organisation)
    rules.check_partner_outcome(outcome, note, on, decision.agreed_on or decision.proposed_on)
    row.outcome, row.decided_on, row.note = outcome, on, note
    row.save()
    state = rules.overall(decision.partners.values_list("outcome", flat=True))
    if state == DecisionStatus.EFFECTIVE:
        decision.status = DecisionStatus.EFFECTIVE
        decision.effective_on = max(p.decided_on for p in decision.partners.all())
        if decision.agreed_on is None:  # committees in common: agreed when the last member agrees
            decision.agreed_on = decision.effective_on
    elif state == DecisionStatus.REJECTED:
        decision.status = DecisionStatus.REJECTED
        decision.closed_on = on
        decision.outcome_note = f"Rejected by {organisation.name}: {note}"
    decision.save()
    details = {
        "organisation": organisation.ods_code,
        "outcome": outcome,
        "on": str(on),
        "note": note,
    }
    audit.record(
        "governance.partner_decision_recorded", audit.subject(decision), by=by, details=details
    )
    return decision


def _pending_partner(decision: Decision, organisation) -> PartnerDecision:
    if not rules.awaits_partners(decision):
        raise ValidationError(
            f"This decision is {decision.get_status_display().lower()}: "
            "it is not awaiting partners."
        )
    row = decision.partners.filter(organisation=organisation).first()
    if row is None:
        names = ", ".join(p.organisation.name for p in queries.partners(decision))
        raise ValidationError(
            {
                "organisation": f"{organisation.name} is not a party to this decision. "
                f"The partners who must act are: {names}."
            }
        )
    if row.outcome != PartnerOutcome.PENDING:
        raise ValidationError(
            {
                "organisation": f"{organisation.name} has already "
                f"{row.get_outcome_display().lower()} this decision."
            }
        )
    return row


@transaction.atomic
def withdraw_decision(*, by, decision: Decision, on: dt.date, reason: str) -> Decision:
    if not rules.can_be_withdrawn(decision):
        raise ValidationError(
            f"A decision that is {decision.get_status_display().lower()} cannot be withdrawn."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for withdrawing the decision."})
    decision.status = DecisionStatus.WITHDRAWN
    decision.closed_on = on
    decision.outcome_note = f"Withdrawn: {reason}"
    decision.save()
    details = {"on": str(on), "reason": reason}
    audit.record("governance.decision_withdrawn", audit.subject(decision), by=by, details=details)
    return decision
