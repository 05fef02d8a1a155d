"""Proposing, agreeing, ratifying and withdrawing decisions (S5, S6)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from engineroom.governance.models import (
    Body,
    Decision,
    DecisionStatus,
    Delegation,
    PartnerDecision,
    PartnerDecisionKind,
    PartnerOutcome,
)
from engineroom.governance.ratification import overall, required_partners
from engineroom.governance.services import log
from engineroom.system.models import System

OPEN = (DecisionStatus.PROPOSED, DecisionStatus.AGREED, DecisionStatus.AWAITING)


def decisions_in(system: System, *, public: bool = False) -> QuerySet[Decision]:
    rows = Decision.objects.filter(body__system=system).select_related("body", "delegation")
    if public:
        rows = rows.filter(confidential=False, body__published=True).exclude(
            status=DecisionStatus.PROPOSED
        )
    return rows


def covering_delegation(body: Body, category: str, value_pence: int, on: dt.date):
    """The body's smallest current delegation that covers the value, if any."""
    return (
        Delegation.objects.current(on)
        .filter(body=body, category=category, limit_pence__gte=value_pence)
        .order_by("limit_pence")
        .first()
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
    if Decision.objects.filter(body=body, reference=reference).exists():
        raise ValidationError({"reference": f"{body.name} already has a decision {reference}."})
    if body.is_committee_in_common and not body.parties.exists():
        raise ValidationError({"body": f"{body.name} has no member organisations recorded."})
    decision = Decision.objects.create(
        body=body,
        reference=reference,
        title=title,
        summary=summary,
        category=category,
        value_pence=value_pence,
        delegation=covering_delegation(body, category, value_pence, proposed_on),
        item=item,
        confidential=confidential,
        proposed_on=proposed_on,
    )
    decision.places.set(places)
    decision.organisations.set(organisations)
    log(by, "decision_proposed", decision, body=body.code, title=title, value=value_pence)
    if body.is_committee_in_common:
        _open_partners(decision, PartnerDecisionKind.IN_COMMON, list(body.parties.all()))
        decision.status = DecisionStatus.AWAITING
        decision.save(update_fields=["status"])
    return decision


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
    if decision.status != DecisionStatus.PROPOSED:
        raise ValidationError(
            f"Only a proposed decision can be agreed; this one is {decision.get_status_display().lower()}."
        )
    if on < decision.proposed_on:
        raise ValidationError({"on": "A decision cannot be agreed before it was proposed."})
    kind, partners = required_partners(decision)
    decision.agreed_on = on
    if partners:
        _open_partners(decision, kind, partners)
        decision.status = DecisionStatus.AWAITING
    else:
        decision.status = DecisionStatus.EFFECTIVE
        decision.effective_on = on
    decision.save()
    log(by, "decision_agreed", decision, on=on, partners=len(partners))
    return decision


@transaction.atomic
def record_partner_decision(
    *, by, decision: Decision, organisation, outcome: str, on: dt.date, note: str = ""
) -> Decision:
    """One partner's ratification (or parallel decision); refuses organisations not a party."""
    if decision.status != DecisionStatus.AWAITING:
        raise ValidationError(
            f"This decision is {decision.get_status_display().lower()}: it is not awaiting partners."
        )
    row = decision.partners.filter(organisation=organisation).first()
    if row is None:
        names = ", ".join(
            p.organisation.name for p in decision.partners.select_related("organisation")
        )
        raise ValidationError(
            {
                "organisation": f"{organisation.name} is not a party to this decision. The partners who must act are: {names}."
            }
        )
    if row.outcome != PartnerOutcome.PENDING:
        raise ValidationError(
            {
                "organisation": f"{organisation.name} has already {row.get_outcome_display().lower()} this decision."
            }
        )
    if outcome not in (PartnerOutcome.RATIFIED, PartnerOutcome.REJECTED):
        raise ValidationError({"outcome": "Choose whether the board ratified or rejected it."})
    if outcome == PartnerOutcome.REJECTED and not note.strip():
        raise ValidationError({"note": "Give the board's reason for rejecting the decision."})
    since = decision.agreed_on or decision.proposed_on
    if on < since:
        raise ValidationError({"on": f"The board's date cannot be before {since:%-d %B %Y}."})
    if on > dt.date.today():
        raise ValidationError({"on": "The board's date cannot be in the future."})
    row.outcome, row.decided_on, row.note = outcome, on, note
    row.save()
    state = overall(decision.partners.values_list("outcome", flat=True))
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
    log(
        by,
        "partner_decision",
        decision,
        organisation=organisation.ods_code,
        outcome=outcome,
        on=on,
        note=note,
    )
    return decision


@transaction.atomic
def withdraw_decision(*, by, decision: Decision, on: dt.date, reason: str) -> Decision:
    if decision.status not in OPEN:
        raise ValidationError(
            f"A decision that is {decision.get_status_display().lower()} cannot be withdrawn."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for withdrawing the decision."})
    decision.status = DecisionStatus.WITHDRAWN
    decision.closed_on = on
    decision.outcome_note = f"Withdrawn: {reason}"
    decision.save()
    log(by, "decision_withdrawn", decision, on=on, reason=reason)
    return decision
