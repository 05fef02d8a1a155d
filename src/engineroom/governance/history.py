"""A decision's story in plain English: its audit entries as sentences, and its dated steps.

``sentences`` turns each audit entry (``governance.decision_agreed`` with ``{"on": ...}``) into
"Agreed by the Unified Executive Group on 3 March 2026, recorded by Jo Smith"; an action it
does not know is still written readably from its name and details. ``timeline`` is the dated
list of a decision's steps read from the decision itself, fit for the public pages (no names of
the staff who recorded them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from engineroom.audit.models import AuditEvent
from engineroom.governance.models import (
    Decision,
    DecisionStatus,
    PartnerDecision,
    PartnerDecisionKind,
    PartnerOutcome,
)
from engineroom.web.charts import Chart, TimelineRow, timeline_chart
from engineroom.web.formatting import date, money


@dataclass(frozen=True)
class Entry:
    """One line of a history: when, and what happened, as a sentence (and, for a step of the
    timeline, a short label and its status in words, for the chart)."""

    on: dt.date | dt.datetime
    sentence: str
    label: str = ""
    status: str = "Done"


# --- Audit entries as sentences -------------------------------------------------------------------
def _on(details: dict, fallback: AuditEvent) -> str:
    """The date the entry names (``on``), else the day it was recorded."""
    try:
        return date(dt.date.fromisoformat(str(details["on"])))
    except (KeyError, ValueError):
        return date(fallback.at)


def _proposed(e: AuditEvent, d: Decision, names: dict[str, str]) -> str:
    value = e.details.get("value")
    worth = f", worth {money(value)}" if isinstance(value, int) and value else ""
    return f"Proposed to the {d.body.name}{worth} on {date(e.at)} by {e.actor_name}"


def _agreed(e: AuditEvent, d: Decision, names: dict[str, str]) -> str:
    partners = e.details.get("partners") or 0
    then = (
        f"; {partners} partner board{'s' if partners != 1 else ''} to ratify"
        if partners
        else "; effective at once"
    )
    return f"Agreed by the {d.body.name} on {_on(e.details, e)}, recorded by {e.actor_name}{then}"


def _partner(e: AuditEvent, d: Decision, names: dict[str, str]) -> str:
    code = str(e.details.get("organisation", ""))
    board = names.get(code, code or "a partner")
    outcome = str(e.details.get("outcome", "")).replace("_", " ") or "decided"
    where = "'s own committee" if d.body.is_committee_in_common else " board"
    note = f": {e.details['note']}" if e.details.get("note") else ""
    return (
        f"{outcome.capitalize()} by {board}{where} on {_on(e.details, e)}, "
        f"recorded by {e.actor_name}{note}"
    )


def _withdrawn(e: AuditEvent, d: Decision, names: dict[str, str]) -> str:
    reason = f": {e.details['reason']}" if e.details.get("reason") else ""
    return f"Withdrawn on {_on(e.details, e)} by {e.actor_name}{reason}"


SENTENCES: dict[str, Callable[[AuditEvent, Decision, dict[str, str]], str]] = {
    "governance.decision_proposed": _proposed,
    "governance.decision_agreed": _agreed,
    "governance.partner_decision_recorded": _partner,
    "governance.decision_withdrawn": _withdrawn,
}


def readable(event: AuditEvent) -> str:
    """An entry no sentence is written for: its action in words, then its details."""
    what = event.action.rpartition(".")[2].replace("_", " ").strip().capitalize() or "Changed"
    details = "; ".join(
        f"{str(k).replace('_', ' ')}: {v}" for k, v in event.details.items() if v not in ("", None)
    )
    return f"{what} by {event.actor_name or 'the system'}" + (f" ({details})" if details else "")


def sentences(
    events: Iterable[AuditEvent], decision: Decision, partners: Iterable[PartnerDecision]
) -> list[Entry]:
    """The decision's audit entries, oldest first, each as a sentence."""
    names = {p.organisation.ods_code: p.organisation.name for p in partners}
    rows = []
    for e in events:
        write = SENTENCES.get(e.action)
        rows.append(Entry(e.at, f"{write(e, decision, names)}." if write else f"{readable(e)}."))
    return rows


# --- The dated steps, for anyone ------------------------------------------------------------------
def _partner_step(p: PartnerDecision) -> Entry | None:
    if p.outcome == PartnerOutcome.PENDING or p.decided_on is None:
        return None
    in_common = p.kind == PartnerDecisionKind.IN_COMMON
    where = "in its own committee" if in_common else "at its board"
    rejected = p.outcome == PartnerOutcome.REJECTED
    verb = "Rejected" if rejected else "Agreed" if in_common else "Ratified"
    reason = f": {p.note}" if rejected and p.note else ""
    return Entry(
        p.decided_on,
        f"{verb} by {p.organisation.name} {where}{reason}",
        f"{verb} by {p.organisation.name}",
        "Rejected" if rejected else "Done",
    )


def _closing(decision: Decision) -> Entry | None:
    if decision.status == DecisionStatus.EFFECTIVE and decision.effective_on:
        return Entry(decision.effective_on, "Took effect", "Took effect")
    if decision.closed_on and decision.status == DecisionStatus.WITHDRAWN:
        return Entry(decision.closed_on, decision.outcome_note or "Withdrawn", "Withdrawn")
    if decision.closed_on and decision.status == DecisionStatus.REJECTED:
        return Entry(
            decision.closed_on, "Rejected: it will not take effect", "Rejected", "Rejected"
        )
    return None


def timeline(decision: Decision, partners: Iterable[PartnerDecision]) -> list[Entry]:
    """Proposed, agreed, each partner's decision, and how it ended, in date order."""
    body = decision.body.name
    steps = [Entry(decision.proposed_on, f"Proposed to the {body}", "Proposed")]
    if decision.agreed_on and not decision.body.is_committee_in_common:
        steps.append(Entry(decision.agreed_on, f"Agreed by the {body}", f"Agreed by the {body}"))
    steps += [s for p in partners if (s := _partner_step(p))]
    if closing := _closing(decision):
        steps.append(closing)
    return sorted(steps, key=lambda s: s.on)  # stable: same-day steps keep their order


def chart(decision: Decision, partners: Iterable[PartnerDecision], today: dt.date) -> Chart:
    """The dated steps on a month axis, and each board still to act shown waiting today."""
    partners = list(partners)
    rows = [TimelineRow(s.label, s.on, s.status) for s in timeline(decision, partners)]
    if decision.status == DecisionStatus.AWAITING:
        rows += [
            TimelineRow(f"{p.organisation.name} to decide", today, "Waiting")
            for p in partners
            if p.outcome == PartnerOutcome.PENDING
        ]
    return timeline_chart(f"Timeline of decision {decision.reference}", rows, today=today)
