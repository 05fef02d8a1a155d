"""Writing meetings: scheduling, rescheduling and cancelling, attendance and actions (agendas:
``agenda``; papers: ``papers``; minutes: ``minutes``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.governance import queries, rules
from engineroom.governance.models import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Body,
    Capacity,
    Meeting,
    MeetingStatus,
)


@dataclass(frozen=True)
class Attendee:
    """An officer in attendance or a guest: not a member, named with their role."""

    name: str
    role: str
    capacity: str = Capacity.OFFICER


@transaction.atomic
def schedule_meeting(*, by, body: Body, starts_at: dt.datetime, location: str = "") -> Meeting:
    meeting = Meeting.objects.create(body=body, starts_at=starts_at, location=location)
    details = {"body": body.code, "starts_at": str(starts_at)}
    audit.record("governance.meeting_scheduled", audit.subject(meeting), by=by, details=details)
    return meeting


def _revise(meeting: Meeting) -> None:
    """A change calendars must pick up: the next revision (iCal SEQUENCE), stamped now."""
    meeting.revision += 1
    meeting.changed_at = timezone.now()
    meeting.save(update_fields=["revision", "changed_at"])


@transaction.atomic
def reschedule_meeting(*, by, meeting: Meeting, starts_at: dt.datetime, reason: str) -> Meeting:
    """Move a meeting yet to happen; the date it had is kept and shown with the reason."""
    if not rules.meeting_changeable(meeting, timezone.localdate()):
        raise ValidationError("Only a scheduled meeting yet to happen can be rescheduled.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the change, for the notice."})
    if starts_at == meeting.starts_at:
        raise ValidationError(
            {"starts_at": "Choose a date or time different from the current one."}
        )
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": "A meeting cannot be moved into the past."})
    was = meeting.starts_at
    meeting.rescheduled_from, meeting.starts_at = was, starts_at
    meeting.reschedule_reason = reason.strip()
    meeting.save(update_fields=["rescheduled_from", "starts_at", "reschedule_reason"])
    _revise(meeting)
    details = {"from": str(was), "to": str(starts_at), "reason": meeting.reschedule_reason}
    audit.record("governance.meeting_rescheduled", audit.subject(meeting), by=by, details=details)
    return meeting


@transaction.atomic
def cancel_meeting(*, by, meeting: Meeting, reason: str, on: dt.date | None = None) -> Meeting:
    """Cancel a meeting yet to happen: it stays listed, marked cancelled, with the reason; its
    key decisions leave the forward plan."""
    if not rules.meeting_changeable(meeting, timezone.localdate()):
        raise ValidationError("Only a scheduled meeting yet to happen can be cancelled.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the meeting is cancelled."})
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_on = on or timezone.localdate()
    meeting.cancellation_reason = reason.strip()
    meeting.save(update_fields=["status", "cancelled_on", "cancellation_reason"])
    _revise(meeting)
    details = {"reason": meeting.cancellation_reason}
    audit.record("governance.meeting_cancelled", audit.subject(meeting), by=by, details=details)
    return meeting


def _record_members(meeting: Meeting, statuses: dict) -> None:
    """Each member's status, as a voting or non-voting member as they sit on the body."""
    capacities = {m.person_id: m.voting for m in queries.members_at(meeting)}
    for person, status in statuses.items():
        voting = capacities.get(person.pk, True)
        Attendance.objects.update_or_create(
            meeting=meeting,
            person=person,
            defaults={
                "status": status,
                "capacity": Capacity.MEMBER if voting else Capacity.NON_VOTING,
            },
        )


def _replace_others(meeting: Meeting, others: list[Attendee]) -> None:
    """The officers in attendance and guests, replacing those recorded before."""
    meeting.attendance.filter(capacity__in=[Capacity.OFFICER, Capacity.GUEST]).delete()
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            status=AttendanceStatus.PRESENT,
            capacity=o.capacity,
            name=o.name,
            role=o.role,
        )
        for o in others
    )


def _mark_held(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])


@transaction.atomic
def record_attendance(
    *, by, meeting: Meeting, statuses: dict, others: Iterable[Attendee] = ()
) -> queries.Quorum:
    """``statuses`` maps each member (a Person) to an AttendanceStatus; ``others`` are the
    officers in attendance and guests, named with their role, replacing those recorded before.
    The meeting is marked held."""
    if meeting.is_cancelled:
        raise ValidationError("This meeting is cancelled: no attendance is recorded.")
    others = list(others)
    _record_members(meeting, statuses)
    _replace_others(meeting, others)
    _mark_held(meeting)
    result = queries.quorum(meeting)
    present = sum(1 for s in statuses.values() if s == AttendanceStatus.PRESENT)
    details = {"present": present, "quorate": result.met, "others": len(others)}
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
