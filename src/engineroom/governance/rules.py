"""Governance rules: what may happen to a body, meeting, decision or interest, and when.

Actions enforce these before they write; presenters use the same functions to decide which steps a
page offers, so no template repeats a rule. Pure where they can be (plain values in, plain values
out); the few that follow a relation (reports-to lines, a decision's partners) say so.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from engineroom.governance.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Body,
    Decision,
    DecisionStatus,
    Interest,
    InterestKind,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    Paper,
    PartnerDecisionKind,
    PartnerOutcome,
)
from engineroom.system.models import Level, Organisation, System
from engineroom.web.formatting import date as format_date

FORWARD_PLAN_NOTICE_DAYS = 28  # key decisions are on the forward plan this long before
DECLARE_WITHIN_DAYS = 28  # NHS guidance: interests are declared within 28 days
GIFT_THRESHOLD_PENCE = 50_00  # gifts over £50 from one source in 12 months are declared
HOSPITALITY_THRESHOLD_PENCE = 25_00  # hospitality over £25 is recorded
GIFT_WINDOW_DAYS = 365


# --- Bodies ---------------------------------------------------------------------------------------
def check_reports_to(body: Body | None, reports_to: Body | None, system: System) -> None:
    """Refuse a reports-to line that leaves the system or loops back to the body."""
    if reports_to is None:
        return
    if reports_to.system_id != system.pk:
        raise ValidationError({"reports_to": "A body can only report to a body in its system."})
    seen = set()
    current = reports_to
    while current is not None and current.pk not in seen:
        if body is not None and current.pk == body.pk:
            raise ValidationError(
                {
                    "reports_to": f"{body.name} cannot report to {reports_to.name}: "
                    f"{reports_to.name} already reports, directly or indirectly, to {body.name}."
                }
            )
        seen.add(current.pk)
        current = current.reports_to


def check_level(level: str | None, place, neighbourhood) -> None:
    """A place-level body serves a place; a neighbourhood-level body a neighbourhood."""
    if level == Level.PLACE and not place:
        raise ValidationError({"place": "Choose the place a place-level body serves."})
    if level == Level.NEIGHBOURHOOD and not neighbourhood:
        raise ValidationError(
            {"neighbourhood": "Choose the neighbourhood a neighbourhood-level body serves."}
        )


# --- Meetings -------------------------------------------------------------------------------------
def agenda_closed(meeting: Meeting) -> bool:
    """Once the minutes are approved the record of the meeting is closed."""
    return meeting.minutes_status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED)


def minutes_steps(meeting: Meeting) -> list[str]:
    """The next things that may be done to the minutes: draft, approve, publish."""
    return {
        MinutesStatus.NONE: ["draft"],
        MinutesStatus.DRAFT: ["draft", "approve"],
        MinutesStatus.APPROVED: ["publish"],
    }.get(meeting.minutes_status, [])


def is_overdue(action: Action, today: dt.date) -> bool:
    return action.status == ActionStatus.OPEN and action.due_on < today


def agenda_numbers(items: Iterable[AgendaItem]) -> list[tuple[AgendaItem, int | None]]:
    """The one numbering of an agenda: items in their order, Part 1 then Part 2 (Part 2 always
    last), numbered 1, 2, 3…; withdrawn items are unnumbered, after the rest. The agenda page,
    the pack's contents and its headings all show the numbers this gives (kept on the items)."""
    live = [i for i in items if not i.is_withdrawn]
    order = sorted(
        live,
        key=lambda i: (i.confidential, i.number if i.number is not None else 10_000, i.pk or 0),
    )
    numbered = [(item, n) for n, item in enumerate(order, start=1)]
    return numbered + [(i, None) for i in items if i.is_withdrawn]


def agenda_editable(meeting: Meeting) -> bool:
    """Items and papers change until the minutes are approved, and never on a cancelled meeting."""
    return not agenda_closed(meeting) and not meeting.is_cancelled


def meeting_changeable(meeting: Meeting, today: dt.date) -> bool:
    """A scheduled meeting yet to happen may be rescheduled or cancelled."""
    return meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at.date() >= today


def check_approval_date(meeting: Meeting, on: dt.date, later: list[dt.date], today: dt.date):
    """Minutes are approved at a later meeting of the same body: ``on`` must be the date of one
    of ``later`` (that body's held or scheduled meetings after this one), and not in the future."""
    if on > today:
        raise ValidationError({"on": "The approval date cannot be in the future."})
    held = timezone.localtime(meeting.starts_at).date()
    if on <= held:
        raise ValidationError(
            {"on": f"The approval date must be after the meeting ({format_date(held)})."}
        )
    if on not in later:
        dates = ", ".join(format_date(d) for d in later if d <= today) or "none yet"
        raise ValidationError(
            {
                "on": f"Minutes are approved at a later meeting of {meeting.body.name}: "
                f"give the date of that meeting (its meetings since: {dates})."
            }
        )


def paper_readable(paper: Paper, *, confidential: bool) -> bool:
    """Part 2 papers are for those who may see confidential business (governance editors)."""
    return confidential or not paper.is_confidential


# A paper on the public pages and in the public pack: published, not Part 2, the current version
# (not superseded), not withdrawn, on an item that is not withdrawn. ``PUBLIC_PAPER`` is the rule
# as a filter on papers (the public index and the public paper URL read through it);
# ``paper_public`` is the same rule for a paper in hand.
PUBLIC_PAPER = Q(
    published=True,
    confidential=False,
    item__confidential=False,
    superseded=False,
    withdrawn_on__isnull=True,
    item__withdrawn_on__isnull=True,
)


def paper_public(paper: Paper) -> bool:
    """``PUBLIC_PAPER`` for one paper."""
    return (
        paper.published
        and not paper.is_confidential
        and paper.is_current
        and not paper.item.is_withdrawn
    )


def paper_in_pack(paper: Paper, *, confidential: bool) -> bool:
    """The current version of each paper, not withdrawn; the public pack only public ones."""
    return paper.is_current and (confidential or paper_public(paper))


def declaration_action(interest: Interest) -> str:
    """What the minutes record for a flagged conflict with no mitigation of its own."""
    if interest.mitigation:
        return interest.mitigation
    if interest.kind == InterestKind.FINANCIAL:
        return "Declared a financial interest and left the meeting for the item."
    return "Declared the interest, took part in the discussion and did not vote."


# --- Decisions ------------------------------------------------------------------------------------
OPEN = (DecisionStatus.PROPOSED, DecisionStatus.AGREED, DecisionStatus.AWAITING)


def can_be_agreed(decision: Decision) -> bool:
    """Committees in common never agree as one body; others agree a proposed decision once."""
    return decision.status == DecisionStatus.PROPOSED and not decision.body.is_committee_in_common


def awaits_partners(decision: Decision) -> bool:
    return decision.status == DecisionStatus.AWAITING


def can_be_withdrawn(decision: Decision) -> bool:
    return decision.status in OPEN


def overall(outcomes: Iterable[str]) -> str:
    """A decision's state from its partners' outcomes: effective iff every one ratified."""
    outcomes = list(outcomes)
    if any(o == PartnerOutcome.REJECTED for o in outcomes):
        return DecisionStatus.REJECTED
    if all(o == PartnerOutcome.RATIFIED for o in outcomes):
        return DecisionStatus.EFFECTIVE
    return DecisionStatus.AWAITING


def within_delegation(decision: Decision) -> bool:
    d = decision.delegation
    return (
        d is not None
        and d.body_id == decision.body_id
        and d.category == decision.category
        and decision.value_pence <= d.limit_pence
    )


def required_partners(decision: Decision) -> tuple[str | None, list[Organisation]]:
    """Which partners must act after the body agrees, and how (follows the decision's relations).

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


def check_partner_outcome(outcome: str, note: str, on: dt.date, since: dt.date) -> None:
    """A partner's board ratifies or rejects (with its reason), on a date since agreement."""
    if outcome not in (PartnerOutcome.RATIFIED, PartnerOutcome.REJECTED):
        raise ValidationError({"outcome": "Choose whether the board ratified or rejected it."})
    if outcome == PartnerOutcome.REJECTED and not note.strip():
        raise ValidationError({"note": "Give the board's reason for rejecting the decision."})
    if on < since:
        raise ValidationError({"on": f"The board's date cannot be before {format_date(since)}."})
    if on > dt.date.today():
        raise ValidationError({"on": "The board's date cannot be in the future."})


# --- Walking through treacle: how long decisions take ---------------------------------------------
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


def days_to_effect(decisions: Iterable[Decision]) -> list[int]:
    """Days from proposal to effect of each effective decision."""
    return [
        (d.effective_on - d.proposed_on).days
        for d in decisions
        if d.status == DecisionStatus.EFFECTIVE and d.effective_on
    ]


@dataclass
class Treacle:
    body: Body
    count: int
    median_days: float | None
    p90_days: float | None
    waiting: int

    @property
    def has_decisions(self) -> bool:
        return bool(self.count or self.waiting)


def treacle(bodies: Iterable[Body]) -> list[Treacle]:
    """Days from proposal to effect per body, over its effective decisions."""
    rows = []
    for body in bodies:
        decisions = list(body.decisions.all())
        spans = days_to_effect(decisions)
        waiting = sum(1 for d in decisions if d.status == DecisionStatus.AWAITING)
        rows.append(Treacle(body, len(spans), median(spans), percentile(spans, 90), waiting))
    return rows


# --- Interests ------------------------------------------------------------------------------------
def is_late(arose: dt.date, declared: dt.date) -> bool:
    return (declared - arose).days > DECLARE_WITHIN_DAYS


def gift_must_be_declared(value_pence: int, earlier_from_source_pence: int) -> bool:
    """Gifts are declared once one source's gifts over 12 months exceed £50."""
    return value_pence + earlier_from_source_pence > GIFT_THRESHOLD_PENCE


def hospitality_must_be_recorded(value_pence: int) -> bool:
    return value_pence > HOSPITALITY_THRESHOLD_PENCE


def threshold_note(interest: Interest, earlier_gifts_pence: int = 0) -> str:
    """Where a gift or hospitality stands against the NHS thresholds."""
    if interest.kind == InterestKind.GIFT:
        if gift_must_be_declared(interest.value_pence or 0, earlier_gifts_pence):
            return "Over £50 from this source in 12 months: declared"
        return "Under the £50 threshold: recorded voluntarily"
    if interest.kind == InterestKind.HOSPITALITY:
        if hospitality_must_be_recorded(interest.value_pence or 0):
            return "Over £25: recorded"
        return "Under the £25 threshold: recorded voluntarily"
    return ""


def check_declaration(
    *,
    kind: str,
    value_pence: int | None,
    cash: bool,
    start_date: dt.date,
    end_date: dt.date | None,
    declared_on: dt.date,
    publish: bool,
    withheld_reason: str,
) -> None:
    """Every reason a declaration of interest is refused, together."""
    errors = {}
    if kind in (InterestKind.GIFT, InterestKind.HOSPITALITY):
        if cash:
            errors["cash"] = "Cash and vouchers must be refused and returned, not declared."
        if value_pence is None:
            errors["value"] = "Give the value of the gift or hospitality in pounds."
    if end_date is not None and end_date < start_date:
        errors["end_date"] = "The end date must be on or after the date the interest arose."
    if declared_on < start_date:
        errors["declared_on"] = "An interest cannot be declared before it arose."
    if declared_on > dt.date.today():
        errors["declared_on"] = "The declaration date cannot be in the future."
    if not publish and not withheld_reason.strip():
        errors["withheld_reason"] = "Give the privacy or legal reason for withholding this entry."
    if errors:
        raise ValidationError(errors)
