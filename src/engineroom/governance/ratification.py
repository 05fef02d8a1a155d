"""Sovereign ratification, parallel decisions in common, and "walking through treacle" (S5, S6).

The pure rules first (``overall``, ``percentile``, ``treacle``), then who must ratify a decision.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from engineroom.governance.models import (
    Body,
    Decision,
    DecisionStatus,
    PartnerDecisionKind,
    PartnerOutcome,
)
from engineroom.system.models import Organisation


def overall(outcomes: Iterable[str]) -> str:
    """A decision's state from its partners' outcomes: effective iff every one ratified."""
    outcomes = list(outcomes)
    if any(o == PartnerOutcome.REJECTED for o in outcomes):
        return DecisionStatus.REJECTED
    if all(o == PartnerOutcome.RATIFIED for o in outcomes):
        return DecisionStatus.EFFECTIVE
    return DecisionStatus.AWAITING


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q from 0 to 100) of ``values``; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@dataclass
class Treacle:
    body: Body
    count: int
    median_days: float | None
    p90_days: float | None
    waiting: int


def treacle(bodies: Iterable[Body]) -> list[Treacle]:
    """Days from proposal to effect per body, over its effective decisions."""
    rows = []
    for body in bodies:
        decisions = list(body.decisions.all())
        spans = [
            (d.effective_on - d.proposed_on).days
            for d in decisions
            if d.status == DecisionStatus.EFFECTIVE and d.effective_on
        ]
        waiting = sum(1 for d in decisions if d.status == DecisionStatus.AWAITING)
        rows.append(Treacle(body, len(spans), median(spans), percentile(spans, 90), waiting))
    return rows


def within_delegation(decision: Decision) -> bool:
    d = decision.delegation
    return (
        d is not None
        and d.body_id == decision.body_id
        and d.category == decision.category
        and decision.value_pence <= d.limit_pence
    )


def required_partners(decision: Decision) -> tuple[str | None, list[Organisation]]:
    """Which partners must act after the body agrees, and how.

    A committee in common records each party's own parallel decision. A joint committee (or any
    body) acting within a delegation that needs no ratification needs none. Otherwise every
    statutory organisation the decision affects must ratify it at its own board.
    """
    body = decision.body
    if body.is_committee_in_common:
        return PartnerDecisionKind.IN_COMMON, list(body.parties.order_by("name"))
    if within_delegation(decision) and not decision.delegation.requires_ratification:
        return None, []
    return PartnerDecisionKind.RATIFICATION, list(
        decision.organisations.filter(statutory=True).order_by("name")
    )


@dataclass
class Blocker:
    organisation: Organisation
    waiting_days: int


def blockers(decision: Decision, today: dt.date | None = None) -> list[Blocker]:
    """Partners still to act, longest-waiting first (all waited since agreement)."""
    today = today or dt.date.today()
    since = decision.agreed_on or decision.proposed_on
    return [
        Blocker(p.organisation, (today - since).days)
        for p in decision.partners.filter(outcome=PartnerOutcome.PENDING).select_related(
            "organisation"
        )
    ]
