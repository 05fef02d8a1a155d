"""Reads about meetings: agendas, attendance and quorum, minutes, papers, actions, the forward
plan. A Part 2 (confidential) item, its papers, minutes, declarations and actions come back only
when the reader may see Part 2 business (``confidential=True``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from engineroom.governance import rules
from engineroom.governance.models import (
    Action,
    AgendaItem,
    AttendanceStatus,
    Body,
    Declaration,
    ItemMinute,
    Meeting,
    MeetingStatus,
    Member,
    MinutesStatus,
    Paper,
)
from engineroom.governance.queries.bodies import public_bodies
from engineroom.system.models import System


def meetings(system: System) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__system=system).select_related("body")


def meeting(system: System, pk: int) -> Meeting:
    return get_object_or_404(meetings(system), pk=pk)


def agenda(meeting: Meeting, *, confidential: bool, withdrawn: bool = False):
    """The meeting's items in agenda order (Part 2 only with ``confidential``; withdrawn items,
    after the rest, only with ``withdrawn``), with what each page shows."""
    items = meeting.items.select_related("presenter").prefetch_related(
        "organisations", "papers", "declarations__person"
    )
    if not withdrawn:
        items = items.filter(withdrawn_on__isnull=True)
    items = items if confidential else items.filter(confidential=False)
    return items.order_by(F("number").asc(nulls_last=True), "pk")


def agenda_item(meeting: Meeting, pk: int) -> AgendaItem:
    return get_object_or_404(meeting.items, pk=pk)


def meeting_paper(meeting: Meeting, pk: int) -> Paper:
    return get_object_or_404(Paper.objects.select_related("item"), item__meeting=meeting, pk=pk)


def members_at(meeting: Meeting) -> QuerySet[Member]:
    """The body's members on the day of the meeting, voting and non-voting."""
    return meeting.body.members.current(meeting.starts_at.date()).select_related(
        "person", "organisation"
    )


def voting_members(meeting: Meeting) -> QuerySet[Member]:
    return members_at(meeting).filter(voting=True)


def attendance(meeting: Meeting):
    return meeting.attendance.select_related("person")


def later_meeting_dates(meeting: Meeting) -> list[dt.date]:
    """The dates of the body's later meetings that were not cancelled (where its minutes are
    approved)."""
    rows = meeting.body.meetings.filter(starts_at__gt=meeting.starts_at).exclude(
        status=MeetingStatus.CANCELLED
    )
    return sorted({timezone.localtime(m.starts_at).date() for m in rows})


@dataclass
class Quorum:
    met: bool
    present: int
    required: int
    missing_parties: list = field(default_factory=list)
    voting: int = 0
    parties: list = field(default_factory=list)


def quorum(meeting: Meeting) -> Quorum:
    """Voting members present against the body's rule (and every party, where it requires)."""
    body = meeting.body
    present = set(
        meeting.attendance.filter(status=AttendanceStatus.PRESENT).values_list(
            "person_id", flat=True
        )
    )
    voting = list(voting_members(meeting))
    members = [m for m in voting if m.person_id in present]
    parties, missing = [], []
    if body.quorum_each_party:
        parties = list(body.parties.order_by("name"))
        represented = {m.organisation_id for m in members}
        missing = [o for o in parties if o.pk not in represented]
    met = len(members) >= body.quorum_minimum and not missing
    return Quorum(met, len(members), body.quorum_minimum, missing, len(voting), parties)


def item_minutes(meeting: Meeting, *, confidential: bool) -> QuerySet[ItemMinute]:
    """The minutes of the meeting's items; Part 2 items' minutes only with ``confidential``."""
    rows = ItemMinute.objects.filter(item__meeting=meeting).select_related("item")
    return rows if confidential else rows.filter(item__confidential=False)


def minuted_declarations(meeting: Meeting, *, confidential: bool) -> QuerySet[Declaration]:
    """Declarations made at the meeting; without ``confidential`` none on a Part 2 item and
    none of an interest withheld from the published register."""
    rows = Declaration.objects.filter(item__meeting=meeting).select_related("person", "item")
    if not confidential:
        rows = rows.filter(item__confidential=False, interest__publish=True)
    return rows.order_by("item__number", "person__name")


def meeting_actions(meeting: Meeting, *, confidential: bool = True) -> QuerySet[Action]:
    """The actions the meeting set; without ``confidential`` none arising from a Part 2 item."""
    rows = meeting.actions.select_related("owner", "item")
    return rows if confidential else rows.exclude(item__confidential=True)


def actions_in(system: System, *, confidential: bool = True) -> QuerySet[Action]:
    """Every action in the system; without ``confidential`` none arising from a Part 2 item."""
    rows = Action.objects.filter(meeting__body__system=system).select_related(
        "owner", "meeting__body", "item"
    )
    return rows if confidential else rows.exclude(item__confidential=True)


def action(system: System, pk: int) -> Action:
    return get_object_or_404(actions_in(system), pk=pk)


def paper(system: System, pk: int) -> Paper:
    rows = Paper.objects.select_related("item__meeting__body")
    return get_object_or_404(rows, item__meeting__body__system=system, pk=pk)


@dataclass
class PlannedDecision:
    item: AgendaItem
    notice_days: int

    @property
    def enough_notice(self) -> bool:
        return self.notice_days >= rules.FORWARD_PLAN_NOTICE_DAYS


def forward_plan(
    system: System, today: dt.date | None = None, *, public: bool = False, confidential=True
) -> list[PlannedDecision]:
    """Key decisions at future meetings, with how many days' notice each was given."""
    today = today or dt.date.today()
    items = AgendaItem.objects.filter(
        meeting__body__system=system,
        key_decision=True,
        meeting__starts_at__date__gte=today,
        meeting__status=MeetingStatus.SCHEDULED,
        withdrawn_on__isnull=True,
    ).select_related("meeting__body")
    if public:
        items = items.filter(meeting__body__published=True)
    if public or not confidential:
        items = items.filter(confidential=False)
    return [
        PlannedDecision(i, (i.meeting.starts_at.date() - i.notice_given_on).days)
        for i in items.order_by("meeting__starts_at", "number")
    ]


def public_meetings(body: Body) -> QuerySet[Meeting]:
    """A published body's meetings, newest first, with their open items and papers."""
    items = Prefetch(
        "items", AgendaItem.objects.filter(confidential=False, withdrawn_on__isnull=True)
    )
    return body.meetings.order_by("-starts_at").prefetch_related(items, "items__papers")


def public_meeting(system: System, pk: int) -> Meeting:
    return get_object_or_404(meetings(system), body__in=public_bodies(system), pk=pk)


def public_minuted_meeting(system: System, pk: int) -> Meeting:
    """A meeting of a published body whose minutes are published (Http404 otherwise)."""
    return get_object_or_404(
        meetings(system),
        body__in=public_bodies(system),
        pk=pk,
        minutes_status=MinutesStatus.PUBLISHED,
    )


def public_paper(system: System, pk: int) -> Paper:
    """A public paper (``rules.PUBLIC_PAPER``) of a published body: Http404 for a Part 2,
    unpublished, superseded or withdrawn paper, or one whose item was withdrawn."""
    return get_object_or_404(
        Paper.objects.filter(rules.PUBLIC_PAPER).select_related("item__meeting__body"),
        item__meeting__body__in=public_bodies(system),
        pk=pk,
    )


def _missing_papers() -> QuerySet[AgendaItem]:
    """Current (not withdrawn) items with no current paper (none that is neither superseded nor
    withdrawn), in agenda order."""
    current = Paper.objects.filter(item=OuterRef("pk"), superseded=False, withdrawn_on__isnull=True)
    return (
        AgendaItem.objects.filter(withdrawn_on__isnull=True)
        .exclude(Exists(current))
        .order_by("confidential", "number", "pk")
    )


def meetings_needing_papers(
    system: System, *, within_days: int
) -> list[tuple[Meeting, list[AgendaItem]]]:
    """Scheduled meetings from now to ``within_days`` ahead, soonest first, each with its items
    still without a current paper; only meetings with at least one such item."""
    now = timezone.now()
    missing = _missing_papers()
    rows = (
        meetings(system)
        .filter(
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=now,
            starts_at__lte=now + dt.timedelta(days=within_days),
        )
        .filter(Exists(missing.filter(meeting=OuterRef("pk"))))
        .prefetch_related(Prefetch("items", queryset=missing, to_attr="missing_papers"))
        .order_by("starts_at", "pk")
    )
    return [(m, m.missing_papers) for m in rows]


def minutes_overdue(system: System, *, after_days: int) -> list[Meeting]:
    """Meetings (not cancelled) that started more than ``after_days`` ago whose minutes are not
    yet approved or published, oldest first."""
    since = timezone.now() - dt.timedelta(days=after_days)
    rows = (
        meetings(system)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__lt=since)
        .exclude(minutes_status__in=[MinutesStatus.APPROVED, MinutesStatus.PUBLISHED])
    )
    return list(rows.order_by("starts_at", "pk"))


def public_pack_versions(meeting: Meeting) -> list[tuple]:
    """What the public pack of ``meeting`` is made from, as plain values: the meeting (its
    revision, minutes status and general minutes), each Part 1 item (and its minutes), each of
    their papers (version, state, when added), attendance, actions and declarations. Any change
    to the pack changes these."""
    rows: list[tuple] = list(
        Meeting.objects.filter(pk=meeting.pk).values_list(
            "pk",
            "body__name",
            "starts_at",
            "location",
            "status",
            "revision",
            "changed_at",
            "minutes_status",
            "minutes_published_on",
            "notes",
            "notes_confidential",
        )
    )
    items = meeting.items.filter(confidential=False).order_by("pk")
    rows += items.values_list(
        "pk",
        "number",
        "title",
        "purpose",
        "key_decision",
        "presenter__name",
        "start_time",
        "minutes_allotted",
        "withdrawn_on",
        "minute__discussion",
        "minute__resolved",
    )
    papers = Paper.objects.filter(item__meeting=meeting, item__confidential=False).order_by("pk")
    rows += papers.values_list(
        "pk",
        "item_id",
        "version",
        "title",
        "file",
        "html",
        "confidential",
        "published",
        "superseded",
        "withdrawn_on",
        "added_at",
        "page_count",
    )
    rows += meeting.attendance.order_by("pk").values_list(
        "pk", "person__name", "name", "role", "status", "capacity"
    )
    rows += meeting.actions.order_by("pk").values_list(
        "pk", "item_id", "description", "owner__name", "due_on", "status", "completed_on"
    )
    rows += Declaration.objects.filter(item__meeting=meeting).order_by("pk").values_list()
    return rows
