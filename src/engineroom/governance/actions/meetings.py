"""Writing meetings: scheduling, agendas, papers, attendance and actions (minutes: ``minutes``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from engineroom.audit import actions as audit
from engineroom.governance import queries, rules
from engineroom.governance.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    Meeting,
    MeetingStatus,
    Paper,
)


@transaction.atomic
def schedule_meeting(*, by, body: Body, starts_at: dt.datetime, location: str = "") -> Meeting:
    meeting = Meeting.objects.create(body=body, starts_at=starts_at, location=location)
    details = {"body": body.code, "starts_at": str(starts_at)}
    audit.record("governance.meeting_scheduled", audit.subject(meeting), by=by, details=details)
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
    """The next numbered item; refused once the minutes are approved."""
    if rules.agenda_closed(meeting):
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
    details = {"meeting": meeting.pk, "title": title, "confidential": confidential}
    audit.record("governance.item_added", audit.subject(item), by=by, details=details)
    return item


@transaction.atomic
def add_paper(
    *,
    by,
    item: AgendaItem,
    title: str,
    file=None,
    html: str = "",
    confidential: bool = False,
    published: bool = False,
) -> Paper:
    """A file or the paper's text (not both); a Part 2 paper is never published."""
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
    details = {"item": item.pk, "title": title, "confidential": confidential}
    audit.record("governance.paper_added", audit.subject(paper), by=by, details=details)
    return paper


@transaction.atomic
def record_attendance(*, by, meeting: Meeting, statuses: dict) -> queries.Quorum:
    """``statuses`` maps Person to an AttendanceStatus; the meeting is marked held."""
    for person, status in statuses.items():
        Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"status": status}
        )
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    result = queries.quorum(meeting)
    present = sum(1 for s in statuses.values() if s == AttendanceStatus.PRESENT)
    details = {"present": present, "quorate": result.met}
    audit.record("governance.attendance_recorded", audit.subject(meeting), by=by, details=details)
    return result


@transaction.atomic
def add_action(
    *, by, meeting: Meeting, description: str, owner, due_on: dt.date, item=None
) -> Action:
    if due_on < meeting.starts_at.date():
        raise ValidationError({"due_on": "An action cannot be due before the meeting that set it."})
    action = Action.objects.create(
        meeting=meeting, item=item, description=description, owner=owner, due_on=due_on
    )
    details = {"owner": owner.ref, "due_on": str(due_on)}
    audit.record("governance.action_added", audit.subject(action), by=by, details=details)
    return action


@transaction.atomic
def complete_action(*, by, action: Action, on: dt.date) -> Action:
    if action.status == ActionStatus.DONE:
        raise ValidationError("This action is already done.")
    action.status = ActionStatus.DONE
    action.completed_on = on
    action.save(update_fields=["status", "completed_on"])
    details = {"on": str(on)}
    audit.record("governance.action_completed", audit.subject(action), by=by, details=details)
    return action
