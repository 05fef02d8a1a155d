"""Reads about decisions, their partners and who a decision still waits for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from engineroom.governance.models import (
    Body,
    Decision,
    DecisionStatus,
    PartnerOutcome,
)
from engineroom.system.models import Organisation, System


def decisions(
    system: System, *, confidential: bool = True, public: bool = False, body: Body | None = None
) -> QuerySet[Decision]:
    """The system's (or one body's) decisions; confidential ones only with ``confidential``;
    ``public`` for the public pages (published bodies, no proposals, nothing confidential)."""
    rows = Decision.objects.filter(body__system=system).select_related("body", "delegation")
    if body is not None:
        rows = rows.filter(body=body)
    if public:
        rows = rows.filter(body__published=True).exclude(status=DecisionStatus.PROPOSED)
    if public or not confidential:
        rows = rows.filter(confidential=False)
    return rows


def awaiting_ratification(system: System, *, confidential: bool) -> QuerySet[Decision]:
    """Decisions agreed by a system body and waiting on partners' boards, longest first."""
    rows = decisions(system, confidential=confidential)
    return rows.filter(status=DecisionStatus.AWAITING).order_by("agreed_on", "pk")


def decision(system: System, pk: int) -> Decision:
    return get_object_or_404(decisions(system), pk=pk)


def public_decision(system: System, pk: int) -> Decision:
    """A decision the public may read: of a published body, past proposal, never confidential
    (Http404 otherwise, so a confidential decision's existence is not given away)."""
    return get_object_or_404(decisions(system, public=True), pk=pk)


def recent_public_decisions(system: System, limit: int | None = 50) -> QuerySet[Decision]:
    """Public decisions, the one whose latest step (closed, effective, agreed or proposed) is
    newest first; that date is ``moved_on``."""
    moved = Coalesce("closed_on", "effective_on", "agreed_on", "proposed_on")
    rows = decisions(system, public=True).annotate(moved_on=moved).order_by("-moved_on", "-pk")
    return rows[:limit] if limit else rows


def recent_public_body_decisions(system: System, body: Body) -> QuerySet[Decision]:
    """``recent_public_decisions`` of one body (all of them, newest step first)."""
    return recent_public_decisions(system, limit=None).filter(body=body)


def reference_taken(system: System, reference: str) -> Decision | None:
    """The system's decision with this reference, in any case (references are unique in it)."""
    rows = Decision.objects.filter(system=system, reference__iexact=reference.strip())
    return rows.select_related("body").first()


def partners(decision: Decision):
    return decision.partners.select_related("organisation")


def pending_organisations(decision: Decision) -> QuerySet[Organisation]:
    """The organisations whose board has still to ratify (or decide in common) this decision:
    the only ones a partner decision may be recorded for."""
    pending = decision.partners.filter(outcome=PartnerOutcome.PENDING)
    return Organisation.objects.filter(pk__in=pending.values("organisation_id")).order_by("name")


@dataclass
class Blocker:
    organisation: Organisation
    waiting_days: int


def blockers(decision: Decision, today: dt.date | None = None) -> list[Blocker]:
    """Partners still to act, longest-waiting first (all waited since agreement)."""
    today = today or dt.date.today()
    since = decision.agreed_on or decision.proposed_on
    pending = partners(decision).filter(outcome=PartnerOutcome.PENDING)
    return [Blocker(p.organisation, (today - since).days) for p in pending]
