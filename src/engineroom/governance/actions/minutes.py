"""Writing the minutes: drafted per agenda item, then approved and published (S8, S27).

A Part 2 (confidential) item's minutes are Part 2 minutes: recorded here like any other, they are
kept apart by every read (``queries.item_minutes``) and never published. The audit entry counts
what was minuted; it never copies the minutes' text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.governance import queries, rules
from engineroom.governance.models import (
    AgendaItem,
    AttendanceStatus,
    Declaration,
    ItemMinute,
    Meeting,
    MeetingStatus,
    MinutesStatus,
)
from engineroom.web import formatting


@transaction.atomic
def draft_minutes(
    *,
    by,
    meeting: Meeting,
    items: Mapping[AgendaItem, tuple[str, str]] | None = None,
    notes: str = "",
    notes_confidential: bool = False,
) -> Meeting:
    """Draft (or redraft) the minutes: the general minutes and, for each item given, its
    ``(discussion, what was resolved)``; an item given with both empty loses its minutes. Every
    flagged conflict of someone present is recorded with them as a declaration, once."""
    written = _check_draft(meeting, items or {}, notes)
    for item, (discussion, resolved) in written.items():
        if discussion or resolved:
            ItemMinute.objects.update_or_create(
                item=item, defaults={"discussion": discussion, "resolved": resolved}
            )
        else:
            ItemMinute.objects.filter(item=item).delete()
    meeting.notes, meeting.notes_confidential = notes.strip(), notes_confidential
    meeting.minutes_status = MinutesStatus.DRAFT
    meeting.save(update_fields=["notes", "notes_confidential", "minutes_status"])
    minuted = [item for item, texts in written.items() if any(texts)]
    details = {
        "items": sum(1 for i in minuted if not i.confidential),
        "part2_items": sum(1 for i in minuted if i.confidential),
        "declarations": _record_flagged_declarations(meeting, by),
    }
    audit.record("governance.minutes_drafted", audit.subject(meeting), by=by, details=details)
    return meeting


def _check_draft(meeting: Meeting, items: Mapping, notes: str) -> dict:
    if rules.agenda_closed(meeting):
        raise ValidationError("Approved minutes cannot be changed.")
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError("Record attendance before drafting the minutes.")
    stray = [str(item) for item in items if item.meeting_id != meeting.pk]
    if stray:
        raise ValidationError(f"Not on this meeting's agenda: {', '.join(stray)}.")
    written = {item: (d.strip(), r.strip()) for item, (d, r) in items.items()}
    if not notes.strip() and not any(d or r for d, r in written.values()):
        raise ValidationError(
            "Write the minutes: the general minutes or at least one item's discussion or "
            "resolution."
        )
    return written


def _record_flagged_declarations(meeting: Meeting, by) -> int:
    present = set(
        meeting.attendance.filter(status=AttendanceStatus.PRESENT).values_list(
            "person_id", flat=True
        )
    )
    flagged = [c for c in queries.conflicts(meeting) if not c.declared and c.person.pk in present]
    for c in flagged:
        Declaration.objects.update_or_create(
            item=c.item,
            person=c.person,
            interest=c.interest,
            defaults={"action": rules.declaration_action(c.interest), "recorded_by": by},
        )
    return len(flagged)


@transaction.atomic
def approve_minutes(*, by, meeting: Meeting, on: dt.date) -> Meeting:
    """Approved at a later meeting of the same body: ``on`` is that meeting's date (not any date,
    not in the future, not before this meeting; ``rules.check_approval_date``)."""
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError("Only draft minutes can be approved.")
    later = queries.later_meeting_dates(meeting)
    rules.check_approval_date(meeting, on, later, timezone.localdate())
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.minutes_approved_on = on
    meeting.save(update_fields=["minutes_status", "minutes_approved_on"])
    details = {"on": str(on)}
    audit.record("governance.minutes_approved", audit.subject(meeting), by=by, details=details)
    return meeting


@transaction.atomic
def publish_minutes(*, by, meeting: Meeting, on: dt.date) -> Meeting:
    """Publish the Part 1 minutes; Part 2 minutes stay confidential (they are never public)."""
    if meeting.minutes_status != MinutesStatus.APPROVED:
        raise ValidationError("Minutes must be approved before they are published.")
    if on > timezone.localdate():
        raise ValidationError({"on": "The publication date cannot be in the future."})
    if meeting.minutes_approved_on and on < meeting.minutes_approved_on:
        approved = formatting.date(meeting.minutes_approved_on)
        raise ValidationError({"on": f"Minutes are published on or after approval ({approved})."})
    meeting.minutes_status = MinutesStatus.PUBLISHED
    meeting.minutes_published_on = on
    meeting.save(update_fields=["minutes_status", "minutes_published_on"])
    details = {"on": str(on)}
    audit.record("governance.minutes_published", audit.subject(meeting), by=by, details=details)
    return meeting
