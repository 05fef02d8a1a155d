"""Writing a meeting's agenda and papers: items added, edited, moved and withdrawn; papers added,
replaced by a new version (earlier versions kept) and withdrawn (kept, out of every pack).

After every change the items are renumbered by ``rules.agenda_numbers`` (Part 2 always last), so
the agenda page, the pack's contents and its headings always agree.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.governance import rules
from engineroom.governance.models import AgendaItem, Meeting

ITEM_FIELDS = (
    "title",
    "purpose",
    "confidential",
    "key_decision",
    "presenter",
    "minutes_allotted",
    "start_time",
)


def check_agenda_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("This meeting is cancelled: its agenda cannot change.")
    if rules.agenda_closed(meeting):
        raise ValidationError("The minutes of this meeting are approved: its agenda is closed.")


def lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting's row, locked until the transaction ends (call inside one), fresh from the
    database: agenda changes to one meeting happen one at a time, so two renumberings never
    interleave."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _lock_item(item: AgendaItem) -> AgendaItem:
    """Lock the item's meeting, then read the item afresh under the lock."""
    item.meeting = lock_meeting(item.meeting)
    item.refresh_from_db(fields=["number", "confidential", "withdrawn_on", "withdrawn_reason"])
    return item


def renumber(meeting: Meeting) -> None:
    """Store the numbers ``rules.agenda_numbers`` gives (cleared first: numbers are unique)."""
    items = list(meeting.items.order_by("confidential", "number", "pk"))
    numbered = rules.agenda_numbers(items)
    changed = [item for item, n in numbered if item.number != n]
    if not changed:
        return
    AgendaItem.objects.filter(pk__in=[i.pk for i in changed]).update(number=None)
    for item, n in numbered:
        if item.number != n:
            item.number = n
            item.save(update_fields=["number"])


def _create_item(meeting: Meeting, organisations, **fields) -> AgendaItem:
    """The new item, unnumbered until the agenda is renumbered."""
    fields["notice_given_on"] = fields["notice_given_on"] or dt.date.today()
    item = AgendaItem.objects.create(meeting=meeting, number=None, **fields)
    item.organisations.set(organisations)
    return item


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
    minutes_allotted: int | None = None,
    start_time: dt.time | None = None,
) -> AgendaItem:
    """The next item of its part (Part 2 items stay last); refused once the minutes are approved."""
    meeting = lock_meeting(meeting)
    check_agenda_open(meeting)
    item = _create_item(
        meeting,
        organisations,
        title=title,
        purpose=purpose,
        confidential=confidential,
        key_decision=key_decision,
        notice_given_on=notice_given_on,
        presenter=presenter,
        minutes_allotted=minutes_allotted,
        start_time=start_time,
    )
    renumber(meeting)
    item.refresh_from_db(fields=["number"])
    details = {"meeting": meeting.pk, "title": title, "confidential": confidential}
    audit.record("governance.item_added", audit.subject(item), by=by, details=details)
    return item


@transaction.atomic
def edit_item(*, by, item: AgendaItem, organisations=None, **changes) -> AgendaItem:
    """Change an item's title, purpose, part, presenter or timing; moving it into or out of
    Part 2 renumbers the agenda. The audit entry names the fields changed."""
    _lock_item(item)
    check_agenda_open(item.meeting)
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"Not an item field: {', '.join(sorted(unknown))}")
    changed = [name for name, value in changes.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, changes[name])
    if changed:
        item.save(update_fields=changed)
    if organisations is not None:
        item.organisations.set(organisations)
    renumber(item.meeting)
    item.refresh_from_db(fields=["number"])
    details = {"changed": changed}
    audit.record("governance.item_changed", audit.subject(item), by=by, details=details)
    return item


def _neighbour(item: AgendaItem, direction: str) -> AgendaItem:
    """The item next to ``item`` (``up`` or ``down``) within its part of the agenda."""
    part = [
        i
        for i, n in rules.agenda_numbers(list(item.meeting.items.all()))
        if n is not None and i.confidential == item.confidential
    ]
    at = [i.pk for i in part].index(item.pk)
    to = at - 1 if direction == "up" else at + 1
    if not 0 <= to < len(part):
        where = "first" if direction == "up" else "last"
        raise ValidationError(f"Item {item.number} is already {where} in its part of the agenda.")
    return part[to]


@transaction.atomic
def move_item(*, by, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap the item with its neighbour ``up`` or ``down`` within its part of the agenda."""
    _lock_item(item)
    check_agenda_open(item.meeting)
    if item.is_withdrawn:
        raise ValidationError("A withdrawn item has no place on the agenda.")
    if direction not in ("up", "down"):
        raise ValidationError("Move an item up or down.")
    other, was = _neighbour(item, direction), item.number
    AgendaItem.objects.filter(pk__in=[item.pk, other.pk]).update(number=None)
    AgendaItem.objects.filter(pk=item.pk).update(number=other.number)
    AgendaItem.objects.filter(pk=other.pk).update(number=was)
    item.refresh_from_db(fields=["number"])
    details = {"direction": direction, "from": was, "to": item.number}
    audit.record("governance.item_moved", audit.subject(item), by=by, details=details)
    return item


@transaction.atomic
def withdraw_item(*, by, item: AgendaItem, reason: str, on: dt.date | None = None) -> AgendaItem:
    """Take an item off the agenda (kept, marked withdrawn, unnumbered); the rest renumber.
    Its papers leave the packs with it."""
    _lock_item(item)
    check_agenda_open(item.meeting)
    if item.is_withdrawn:
        raise ValidationError("This item is already withdrawn.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the item is withdrawn."})
    item.withdrawn_on, item.withdrawn_reason = on or dt.date.today(), reason.strip()
    item.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    renumber(item.meeting)
    details = {"reason": item.withdrawn_reason}
    audit.record("governance.item_withdrawn", audit.subject(item), by=by, details=details)
    return item
