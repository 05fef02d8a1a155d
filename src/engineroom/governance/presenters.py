"""What governance pages show, ready for templates: rows, the steps on offer, the structure chart.

Rules come from ``rules`` (templates never repeat them); money, dates and percentages are
formatted by ``web.formatting`` through the ``engineroom`` filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from engineroom.governance import queries, rules, structure_chart
from engineroom.governance.models import (
    EXTERNAL_KINDS,
    Action,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Body,
    BodyKind,
    Capacity,
    Category,
    Decision,
    Declaration,
    Delegation,
    Interest,
    InterestKind,
    ItemMinute,
    Meeting,
    MinutesStatus,
    Paper,
)
from engineroom.system.models import Person, System
from engineroom.web import charts

JOINT_KINDS = frozenset({BodyKind.JOINT_COMMITTEE, BodyKind.COMMITTEE_IN_COMMON})


# --- The structure chart (S4) ---------------------------------------------------------------------
@dataclass(frozen=True)
class Structure:
    chart: charts.Chart
    tree: tuple[structure_chart.TreeItem, ...]


def structure(system: System) -> Structure:
    """The system's bodies drawn as a tree in level bands, and the same tree as a list."""
    bodies, delegations = queries.structure(system)
    plan = structure_chart.layout(chart_nodes(system, bodies, delegations))
    title = f"Structure chart of {system.name}'s governance bodies"
    return Structure(structure_chart.draw(plan, title), plan.tree)


def chart_nodes(
    system: System, bodies: Iterable[Body], delegations: Iterable[Delegation]
) -> list[structure_chart.ChartNode]:
    """The bodies and their current delegations, as the structure chart needs them."""
    delegated: dict[int, list[tuple[str, str, int]]] = {}
    for d in delegations:
        delegated.setdefault(d.body_id, []).append(
            (d.delegator, Category(d.category).label.lower(), d.limit_pence)
        )
    return [
        structure_chart.ChartNode(
            id=b.pk,
            name=b.name,
            kind=b.get_kind_display(),
            level=b.level,
            parent=b.reports_to_id,
            style=_style(b),
            href=reverse("governance:body", args=[system.code, b.code]),
            area=", ".join(a.name for a in (b.place, b.neighbourhood) if a),
            detail=b.get_cadence_display(),
            delegation=structure_chart.delegation_label(
                delegated.get(b.pk, []),
                parent=b.reports_to.name if b.reports_to else None,
                every=len(Category.choices),
            ),
        )
        for b in bodies
    ]


def _style(body: Body) -> str:
    if body.kind in EXTERNAL_KINDS:
        return structure_chart.EXTERNAL
    return structure_chart.JOINT if body.kind in JOINT_KINDS else structure_chart.BODY


# --- Meetings -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Timing:
    """When an item starts (its own start time, else where the one before it ends) and the
    minutes it is given; either may be unknown."""

    start: dt.time | None = None
    minutes: int | None = None

    @property
    def label(self) -> str:
        parts = [f"{self.start:%H:%M}"] if self.start else []
        if self.minutes:
            parts.append(f"{self.minutes} minutes")
        return ", ".join(parts)


def timings(meeting: Meeting, items: Iterable[AgendaItem]) -> dict[int, Timing]:
    """Each item's timing, in agenda order, starting at the meeting's start."""
    day = timezone.localtime(meeting.starts_at)
    clock, result = day, {}
    for item in items:
        if item.start_time:
            clock = dt.datetime.combine(day.date(), item.start_time)
        result[item.pk] = Timing(clock.time() if clock else None, item.minutes_allotted)
        step = item.minutes_allotted
        clock = clock + dt.timedelta(minutes=step) if clock and step else None
    return result


@dataclass(frozen=True)
class AgendaRow:
    """An item with the current papers this reader may open; for the meeting page also its
    timing and the papers' earlier versions and withdrawn papers (``history``)."""

    item: AgendaItem
    papers: list[Paper]
    timing: Timing = Timing()
    history: list[Paper] = field(default_factory=list)
    up: bool = False  # may move up (not first in its part)
    down: bool = False  # may move down (not last in its part)

    @property
    def moves(self) -> list[tuple[str, bool]]:
        return [("up", self.up), ("down", self.down)]


def agenda(items: Iterable[AgendaItem], *, confidential: bool) -> list[AgendaRow]:
    """Each item (in the order given) with its current papers this reader may open (Part 2 only
    with ``confidential``), its timing, and its earlier and withdrawn papers."""
    items = list(items)
    timed = timings(items[0].meeting, items) if items else {}
    rows = []
    for at, i in enumerate(items):
        readable = [p for p in i.papers.all() if rules.paper_readable(p, confidential=confidential)]
        current = [p for p in readable if p.is_current]
        history = [p for p in readable if not p.is_current]
        up = at > 0 and items[at - 1].confidential == i.confidential
        down = at + 1 < len(items) and items[at + 1].confidential == i.confidential
        rows.append(AgendaRow(i, current, timed.get(i.pk, Timing()), history, up, down))
    return rows


@dataclass(frozen=True)
class MinutesSteps:
    draft: bool
    approve: bool
    publish: bool


def minutes_steps(meeting: Meeting) -> MinutesSteps:
    steps = rules.minutes_steps(meeting)
    return MinutesSteps("draft" in steps, "approve" in steps, "publish" in steps)


@dataclass(frozen=True)
class PublicMeeting:
    meeting: Meeting
    agenda: list[AgendaRow]
    minutes_published: bool


def public_meetings(meetings: Iterable[Meeting]) -> list[PublicMeeting]:
    """A published body's meetings with their public items and papers, and whether the
    minutes are published (they are read on the public meeting page, Part 1 only)."""
    return [
        PublicMeeting(m, public_agenda(m.items.all()), m.minutes_status == MinutesStatus.PUBLISHED)
        for m in meetings
    ]


def public_agenda(items: Iterable[AgendaItem]) -> list[AgendaRow]:
    """Part 1 items only, each with its published papers."""
    return [
        AgendaRow(i, [p for p in i.papers.all() if rules.paper_public(p)])
        for i in items
        if not i.confidential
    ]


# --- Minutes --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemMinutes:
    item: AgendaItem
    minute: ItemMinute | None
    declarations: list[Declaration]
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class MinutesRecord:
    """A meeting's minutes as one reader may see them.

    ``notes``, ``part1`` and ``declarations`` are the Part 1 minutes. ``part2`` and
    ``part2_notes`` (the Part 2 minutes, kept apart) are empty unless the record was built with
    ``confidential``: the public and readers without Part 2 access never receive them.
    """

    meeting: Meeting
    notes: str
    present: list[Person]
    apologies: list[Person]
    part1: list[ItemMinutes]
    part2: list[ItemMinutes] = field(default_factory=list)
    part2_notes: str = ""
    non_voting: list[Person] = field(default_factory=list)
    in_attendance: list = field(default_factory=list)  # Attendance rows: officers and guests

    @property
    def recorded(self) -> bool:
        return bool(self.notes or any(r.minute for r in self.part1) or self.has_part2)

    @property
    def has_part2(self) -> bool:
        return bool(self.part2_notes or any(r.minute for r in self.part2))

    @property
    def draft(self) -> bool:
        return self.meeting.minutes_status == MinutesStatus.DRAFT


def minutes_record(meeting: Meeting, *, confidential: bool) -> MinutesRecord:
    """The general minutes, attendance and each item's minutes and declarations; the Part 2
    minutes only with ``confidential`` (the reads leave them out too, so they cannot slip in)."""
    items = queries.agenda(meeting, confidential=confidential)
    written = {m.item_id: m for m in queries.item_minutes(meeting, confidential=confidential)}
    declared: dict[int, list[Declaration]] = {}
    for d in queries.minuted_declarations(meeting, confidential=confidential):
        declared.setdefault(d.item_id, []).append(d)
    set_by: dict[int, list[Action]] = {}
    for a in queries.meeting_actions(meeting, confidential=confidential):
        set_by.setdefault(a.item_id, []).append(a)
    rows = [
        ItemMinutes(i, written.get(i.pk), declared.get(i.pk, []), set_by.get(i.pk, []))
        for i in items
    ]
    attendance = list(queries.attendance(meeting))
    present = [a for a in attendance if a.status == AttendanceStatus.PRESENT]
    restricted = meeting.notes_confidential
    return MinutesRecord(
        meeting=meeting,
        notes="" if restricted else meeting.notes,
        present=[a.person for a in present if a.capacity == Capacity.MEMBER],
        apologies=[a.person for a in attendance if a.status == AttendanceStatus.APOLOGIES],
        part1=[r for r in rows if not r.item.confidential],
        part2=[r for r in rows if r.item.confidential] if confidential else [],
        part2_notes=meeting.notes if confidential and restricted else "",
        non_voting=[a.person for a in present if a.capacity == Capacity.NON_VOTING],
        in_attendance=[a for a in present if a.capacity == Capacity.OFFICER]
        + [a for a in present if a.capacity == Capacity.GUEST],
    )


def quorum_sentence(meeting: Meeting, quorum) -> str:
    """The quorum in plain words, e.g. "Quorate: 7 of 12 voting members present; the quorum
    is 5, including one from each of A and B." """
    if meeting.is_cancelled:
        return "Cancelled: the meeting did not take place."
    verdict = "Quorate" if quorum.met else "Not quorate"
    text = (
        f"{verdict}: {quorum.present} of {quorum.voting} voting members present; "
        f"the quorum is {quorum.required}"
    )
    if quorum.parties:
        text += ", including one from each of " + _and(o.name for o in quorum.parties)
    if quorum.missing_parties:
        text += f" (not represented: {_and(o.name for o in quorum.missing_parties)})"
    return text + "."


def _and(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class ActionRow:
    action: Action
    done: bool
    overdue: bool


def action_rows(actions: Iterable[Action], today: dt.date | None = None) -> list[ActionRow]:
    today = today or dt.date.today()
    return [
        ActionRow(a, a.status == ActionStatus.DONE, rules.is_overdue(a, today)) for a in actions
    ]


# --- Decisions ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DecisionSteps:
    """What the decision page offers, from the decision rules."""

    agree: bool
    record_partner: bool
    withdraw: bool
    in_common: bool
    blockers: list = field(default_factory=list)


def decision_steps(decision: Decision, today: dt.date | None = None) -> DecisionSteps:
    waiting = rules.awaits_partners(decision)
    return DecisionSteps(
        agree=rules.can_be_agreed(decision),
        record_partner=waiting,
        withdraw=rules.can_be_withdrawn(decision),
        in_common=decision.body.is_committee_in_common,
        blockers=queries.blockers(decision, today) if waiting else [],
    )


# --- Interests ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class InterestRow:
    interest: Interest
    late: bool
    note: str


def interest_rows(register: Iterable[Interest]) -> list[InterestRow]:
    """Each entry, whether it was declared late, and where a gift stands against the threshold."""
    rows = []
    for i in register:
        earlier = 0
        if i.kind == InterestKind.GIFT:
            earlier = queries.earlier_gifts(i.person, i.counterparty, i.start_date, exclude=i)
        rows.append(
            InterestRow(
                i, rules.is_late(i.start_date, i.declared_on), rules.threshold_note(i, earlier)
            )
        )
    return rows
