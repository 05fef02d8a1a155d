"""Writing and reading bodies, memberships, delegations and meetings.

Every write takes ``by=user``, runs in one transaction and records an audit event whose subject
names the object (``governance.<model>:<pk>``), which is also how an object's history is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet

from engineroom.audit import actions as audit
from engineroom.audit.models import AuditEvent
from engineroom.governance.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    Delegation,
    Meeting,
    MeetingStatus,
    Member,
    MinutesStatus,
    Paper,
)
from engineroom.governance.presenters import money
from engineroom.system.models import Level, System

FORWARD_PLAN_NOTICE_DAYS = 28


def subject(obj) -> str:
    return f"governance.{obj._meta.model_name}:{obj.pk}"


def log(by, event: str, obj, /, **details) -> None:
    audit.record(f"governance.{event}", subject(obj), by=by, details=_plain(details))


def _plain(details: dict) -> dict:
    return {k: v if isinstance(v, (int, bool, type(None))) else str(v) for k, v in details.items()}


def history(*objs) -> QuerySet[AuditEvent]:
    """Who changed what, when: the audit entries about ``objs``."""
    return AuditEvent.objects.filter(subject__in=[subject(o) for o in objs]).order_by("at", "id")


# --- Bodies ---------------------------------------------------------------------------------------
BODY_FIELDS = (
    "code",
    "name",
    "kind",
    "level",
    "place",
    "neighbourhood",
    "reports_to",
    "terms_of_reference",
    "terms_published",
    "quorum_minimum",
    "quorum_each_party",
    "decision_mode",
    "cadence",
    "independent_chair",
    "published",
)


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


def _check_level(values: dict) -> None:
    level = values.get("level")
    if level == Level.PLACE and not values.get("place"):
        raise ValidationError({"place": "Choose the place a place-level body serves."})
    if level == Level.NEIGHBOURHOOD and not values.get("neighbourhood"):
        raise ValidationError(
            {"neighbourhood": "Choose the neighbourhood a neighbourhood-level body serves."}
        )
    if values.get("neighbourhood") and not values.get("place"):
        values["place"] = values["neighbourhood"].place


@transaction.atomic
def save_body(*, by, system: System, body: Body | None = None, parties=None, **values) -> Body:
    """Create a body, or change one; refuses cycles in reports-to and levels without an area."""
    _check_level(values)
    check_reports_to(body, values.get("reports_to"), system)
    code = values.get("code")
    clash = Body.objects.filter(system=system, code=code)
    if body is not None:
        clash = clash.exclude(pk=body.pk)
    if code and clash.exists():
        raise ValidationError({"code": f"Another body in {system.name} already uses “{code}”."})
    created = body is None
    body = body or Body(system=system)
    for name in BODY_FIELDS:
        if name in values:
            setattr(body, name, values[name])
    body.save()
    if parties is not None:
        body.parties.set(parties)
    log(by, "body_created" if created else "body_changed", body, **values)
    return body


# --- Members ------------------------------------------------------------------------------------
def _overlaps(start: dt.date, end: dt.date | None) -> Q:
    q = Q(end_date__isnull=True) | Q(end_date__gte=start)
    if end is not None:
        q &= Q(start_date__lte=end)
    return q


@transaction.atomic
def add_member(*, by, body: Body, person, role, organisation, voting, start_date, end_date=None):
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date."})
    clash = body.members.filter(person=person).filter(_overlaps(start_date, end_date)).first()
    if clash is not None:
        raise ValidationError(
            {
                "start_date": f"{person.name} is already a member of {body.name} from "
                f"{clash.start_date:%-d %B %Y}"
                + (f" to {clash.end_date:%-d %B %Y}" if clash.end_date else "")
                + ": memberships of one body cannot overlap."
            }
        )
    member = Member.objects.create(
        body=body,
        person=person,
        role=role,
        organisation=organisation,
        voting=voting,
        start_date=start_date,
        end_date=end_date,
    )
    log(by, "member_added", member, body=body.code, person=person.ref, role=role, voting=voting)
    return member


@transaction.atomic
def end_member(*, by, member: Member, end_date: dt.date) -> Member:
    if end_date < member.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date."})
    member.end_date = end_date
    member.save(update_fields=["end_date"])
    log(by, "member_ended", member, end_date=end_date)
    return member


# --- Delegations --------------------------------------------------------------------------------
@transaction.atomic
def add_delegation(
    *,
    by,
    body: Body,
    category: str,
    limit_pence: int,
    source: str,
    start_date: dt.date,
    delegated_by: Body | None = None,
    source_organisation=None,
    requires_ratification: bool = True,
    end_date: dt.date | None = None,
) -> Delegation:
    """Refuses a delegation above what the delegating body itself holds."""
    if limit_pence < 0:
        raise ValidationError({"limit": "The financial limit cannot be negative."})
    if delegated_by is None and source_organisation is None:
        raise ValidationError(
            {"delegated_by": "Name the body or statutory organisation that delegates this."}
        )
    if delegated_by is not None:
        if delegated_by.pk == body.pk:
            raise ValidationError({"delegated_by": "A body cannot delegate to itself."})
        own = (
            Delegation.objects.current(start_date)
            .filter(body=delegated_by, category=category)
            .aggregate(m=Max("limit_pence"))["m"]
        )
        if own is None:
            raise ValidationError(
                {
                    "delegated_by": f"{delegated_by.name} holds no delegation for this category to pass on."
                }
            )
        if limit_pence > own:
            raise ValidationError(
                {
                    "limit": f"{money(limit_pence)} is above {delegated_by.name}'s own limit of "
                    f"{money(own)} for this category."
                }
            )
    delegation = Delegation.objects.create(
        body=body,
        category=category,
        limit_pence=limit_pence,
        delegated_by=delegated_by,
        source_organisation=source_organisation,
        source=source,
        requires_ratification=requires_ratification,
        start_date=start_date,
        end_date=end_date,
    )
    log(by, "delegation_added", delegation, body=body.code, category=category, limit=limit_pence)
    return delegation


# --- Meetings -----------------------------------------------------------------------------------
@transaction.atomic
def schedule_meeting(*, by, body: Body, starts_at: dt.datetime, location: str = "") -> Meeting:
    meeting = Meeting.objects.create(body=body, starts_at=starts_at, location=location)
    log(by, "meeting_scheduled", meeting, body=body.code, starts_at=starts_at)
    return meeting


@transaction.atomic
def add_item(
    *,
    by,
    meeting: Meeting,
    title: str,
    purpose: str,
    confidential: bool = False,
    key_decision: bool = False,
    notice_given_on: dt.date | None = None,
    organisations=(),
    presenter=None,
) -> AgendaItem:
    if meeting.minutes_status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        raise ValidationError("The minutes of this meeting are approved: its agenda is closed.")
    number = (meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        title=title,
        purpose=purpose,
        confidential=confidential,
        key_decision=key_decision,
        notice_given_on=notice_given_on or dt.date.today(),
        presenter=presenter,
    )
    item.organisations.set(organisations)
    log(by, "item_added", item, meeting=meeting.pk, title=title, confidential=confidential)
    return item


@transaction.atomic
def add_paper(
    *,
    by,
    item: AgendaItem,
    title: str,
    file=None,
    html: str = "",
    confidential=False,
    published=False,
) -> Paper:
    if not file and not html.strip():
        raise ValidationError({"file": "Upload a file or write the paper's text."})
    if file and html.strip():
        raise ValidationError({"html": "Give either a file or the paper's text, not both."})
    if published and (confidential or item.confidential):
        raise ValidationError({"published": "A confidential (Part 2) paper cannot be published."})
    paper = Paper(item=item, title=title, html=html, confidential=confidential, published=published)
    if file:
        paper.file.save(file.name, file, save=False)
    paper.save()
    log(by, "paper_added", paper, item=item.pk, title=title, confidential=confidential)
    return paper


def voting_members(meeting: Meeting) -> QuerySet[Member]:
    return meeting.body.members.current(meeting.starts_at.date()).filter(voting=True)


@dataclass
class Quorum:
    met: bool
    present: int
    required: int
    missing_parties: list = field(default_factory=list)


def quorum(meeting: Meeting) -> Quorum:
    """Voting members present against the body's rule (and every party, where it requires)."""
    body = meeting.body
    present_people = set(
        meeting.attendance.filter(status=AttendanceStatus.PRESENT).values_list(
            "person_id", flat=True
        )
    )
    members = [m for m in voting_members(meeting) if m.person_id in present_people]
    missing = []
    if body.quorum_each_party:
        represented = {m.organisation_id for m in members}
        missing = [o for o in body.parties.order_by("name") if o.pk not in represented]
    met = len(members) >= body.quorum_minimum and not missing
    return Quorum(met, len(members), body.quorum_minimum, missing)


@transaction.atomic
def record_attendance(*, by, meeting: Meeting, statuses: dict) -> Quorum:
    """``statuses`` maps Person to an AttendanceStatus; the meeting is marked held."""
    for person, status in statuses.items():
        Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"status": status}
        )
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    result = quorum(meeting)
    log(
        by,
        "attendance_recorded",
        meeting,
        present=sum(1 for s in statuses.values() if s == AttendanceStatus.PRESENT),
        quorate=result.met,
    )
    return result


@transaction.atomic
def save_minutes(*, by, meeting: Meeting, text: str) -> Meeting:
    """Draft (or redraft) the minutes; declarations of flagged conflicts are recorded with them."""
    from engineroom.governance.interests import record_flagged_declarations

    if meeting.minutes_status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        raise ValidationError({"text": "Approved minutes cannot be changed."})
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError({"text": "Record attendance before drafting the minutes."})
    if not text.strip():
        raise ValidationError({"text": "Write the minutes."})
    meeting.minutes = text
    meeting.minutes_status = MinutesStatus.DRAFT
    meeting.save(update_fields=["minutes", "minutes_status"])
    declared = record_flagged_declarations(by=by, meeting=meeting)
    log(by, "minutes_drafted", meeting, declarations=declared)
    return meeting


@transaction.atomic
def approve_minutes(*, by, meeting: Meeting, on: dt.date) -> Meeting:
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError("Only draft minutes can be approved.")
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.minutes_approved_on = on
    meeting.save(update_fields=["minutes_status", "minutes_approved_on"])
    log(by, "minutes_approved", meeting, on=on)
    return meeting


@transaction.atomic
def publish_minutes(*, by, meeting: Meeting, on: dt.date) -> Meeting:
    if meeting.minutes_status != MinutesStatus.APPROVED:
        raise ValidationError("Minutes must be approved before they are published.")
    meeting.minutes_status = MinutesStatus.PUBLISHED
    meeting.minutes_published_on = on
    meeting.save(update_fields=["minutes_status", "minutes_published_on"])
    log(by, "minutes_published", meeting, on=on)
    return meeting


@transaction.atomic
def add_action(
    *, by, meeting: Meeting, description: str, owner, due_on: dt.date, item=None
) -> Action:
    if due_on < meeting.starts_at.date():
        raise ValidationError({"due_on": "An action cannot be due before the meeting that set it."})
    action = Action.objects.create(
        meeting=meeting, item=item, description=description, owner=owner, due_on=due_on
    )
    log(by, "action_added", action, owner=owner.ref, due_on=due_on)
    return action


@transaction.atomic
def complete_action(*, by, action: Action, on: dt.date) -> Action:
    if action.status == ActionStatus.DONE:
        raise ValidationError("This action is already done.")
    action.status = ActionStatus.DONE
    action.completed_on = on
    action.save(update_fields=["status", "completed_on"])
    log(by, "action_completed", action, on=on)
    return action


def actions_in(system: System) -> QuerySet[Action]:
    return Action.objects.filter(meeting__body__system=system).select_related(
        "owner", "meeting__body", "item"
    )


@dataclass
class PlannedDecision:
    item: AgendaItem
    notice_days: int

    @property
    def enough_notice(self) -> bool:
        return self.notice_days >= FORWARD_PLAN_NOTICE_DAYS


def forward_plan(system: System, today: dt.date | None = None, *, public: bool = False):
    """Key decisions at future meetings, with how many days' notice each was given."""
    today = today or dt.date.today()
    items = AgendaItem.objects.filter(
        meeting__body__system=system,
        key_decision=True,
        meeting__starts_at__date__gte=today,
        meeting__status=MeetingStatus.SCHEDULED,
    ).select_related("meeting__body")
    if public:
        items = items.filter(confidential=False, meeting__body__published=True)
    return [
        PlannedDecision(i, (i.meeting.starts_at.date() - i.notice_given_on).days)
        for i in items.order_by("meeting__starts_at", "number")
    ]
