"""The home page's governance reads: meetings soon that still lack papers, and minutes overdue;
the agenda and paper changes that lock their meeting or paper row; the calendar feed's
SEQUENCE, LAST-MODIFIED and STATUS after a meeting is rescheduled or cancelled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engineroom.governance import actions, exports, queries
from factories.governance import AgendaItemFactory, BodyFactory, MeetingFactory, PaperFactory


def _soon(body, days, **fields):
    return MeetingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=days), **fields)


def test_meetings_needing_papers_counts_only_current_items_without_a_current_paper(system, member):
    editor = member("governance")
    body = BodyFactory(system=system)
    later, sooner = _soon(body, 10), _soon(body, 3)
    bare = AgendaItemFactory(meeting=sooner, number=1, title="No paper yet")
    superseded_only = AgendaItemFactory(meeting=sooner, number=2, title="Only old version")
    PaperFactory(item=superseded_only, superseded=True)
    withdrawn_only = AgendaItemFactory(meeting=sooner, number=3, title="Paper withdrawn")
    pulled = PaperFactory(item=withdrawn_only)
    actions.withdraw_paper(by=editor, paper=pulled, reason="Wrong figures")
    replaced = AgendaItemFactory(meeting=sooner, number=4, title="Paper replaced")
    actions.replace_paper(
        by=editor, paper=PaperFactory(item=replaced), title="v2", html="New.", published=False
    )
    gone = AgendaItemFactory(meeting=sooner, number=5, title="Withdrawn item")
    actions.withdraw_item(by=editor, item=gone, reason="Deferred")
    AgendaItemFactory(meeting=later, number=1, title="Later, no paper")
    covered = _soon(body, 5)
    PaperFactory(item=AgendaItemFactory(meeting=covered, number=1))
    cancelled = _soon(body, 4, status="cancelled")
    AgendaItemFactory(meeting=cancelled, number=1)
    AgendaItemFactory(meeting=_soon(body, 40), number=1)  # beyond the window
    AgendaItemFactory(meeting=MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=2)))

    with CaptureQueriesContext(connection) as ran:
        rows = queries.meetings_needing_papers(system, within_days=14)
    assert len(ran) == 2  # the meetings, then their items: no query per meeting
    assert [m for m, _ in rows] == [sooner, later]
    assert [i.title for i in rows[0][1]] == ["No paper yet", "Only old version", "Paper withdrawn"]
    assert bare in rows[0][1] and replaced not in rows[0][1] and gone not in rows[0][1]


def test_minutes_overdue_are_past_meetings_without_approved_or_published_minutes(system):
    body = BodyFactory(system=system)
    ago = lambda days: timezone.now() - dt.timedelta(days=days)  # noqa: E731
    none = MeetingFactory(body=body, starts_at=ago(40), status="held")
    draft = MeetingFactory(body=body, starts_at=ago(20), status="held", minutes_status="draft")
    MeetingFactory(body=body, starts_at=ago(30), status="held", minutes_status="approved")
    MeetingFactory(body=body, starts_at=ago(30), status="held", minutes_status="published")
    MeetingFactory(body=body, starts_at=ago(30), status="cancelled")
    MeetingFactory(body=body, starts_at=ago(5), status="held")  # not yet overdue
    MeetingFactory(starts_at=ago(40), status="held")  # another system
    assert queries.minutes_overdue(system, after_days=14) == [none, draft]


def test_agenda_and_paper_changes_lock_their_meeting_or_paper_first(system, member):
    editor = member("governance")
    meeting = MeetingFactory(body=BodyFactory(system=system))

    def locked(call) -> list[str]:
        with CaptureQueriesContext(connection) as ran:
            call()
        return [q["sql"] for q in ran if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]

    first = locked(
        lambda: actions.add_item(by=editor, meeting=meeting, title="One", purpose="discussion")
    )
    item = meeting.items.get()
    second = actions.add_item(by=editor, meeting=meeting, title="Two", purpose="discussion")
    moved = locked(lambda: actions.move_item(by=editor, item=second, direction="up"))
    edited = locked(lambda: actions.edit_item(by=editor, item=item, title="One, renamed"))
    for sql in (first, moved, edited):
        assert '"governance_meeting"' in sql[0] and "WHERE" in sql[0]
    if connection.features.has_select_for_update:
        for sql in (first, moved, edited):
            assert "FOR UPDATE" in sql[0]
    paper = PaperFactory(item=item)
    replaced = locked(
        lambda: actions.replace_paper(by=editor, paper=paper, title="v2", html="New.")
    )
    assert '"governance_paper"' in replaced[0]
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in replaced[0]
    # A stale copy of the replaced version is read afresh under the lock, and refused.
    stale = type(paper).objects.get(pk=paper.pk)
    stale.superseded = False
    with pytest.raises(ValidationError, match="current version"):
        actions.replace_paper(by=editor, paper=stale, title="v3", html="Newer.")


def _event(ical: str, pk: int) -> str:
    start = ical.index(f"UID:meeting-{pk}@engineroom")
    return ical[start : ical.index("END:VEVENT", start)]


def test_the_calendar_says_which_version_of_a_meeting_it_is(system, member):
    editor = member("governance")
    body = BodyFactory(system=system)
    moved, called_off, steady = _soon(body, 20), _soon(body, 25), _soon(body, 30)
    actions.reschedule_meeting(
        by=editor, meeting=moved, starts_at=moved.starts_at + dt.timedelta(days=1), reason="Room"
    )
    actions.reschedule_meeting(
        by=editor, meeting=moved, starts_at=moved.starts_at + dt.timedelta(days=1), reason="Chair"
    )
    actions.cancel_meeting(by=editor, meeting=called_off, reason="No business")
    ical = exports.ical(queries.body_meetings(body))
    assert "SEQUENCE:2" in _event(ical, moved.pk) and "CONFIRMED" in _event(ical, moved.pk)
    assert "SEQUENCE:1" in _event(ical, called_off.pk)
    assert "STATUS:CANCELLED" in _event(ical, called_off.pk)
    assert "SEQUENCE:0" in _event(ical, steady.pk)
    moved.refresh_from_db()
    stamp = f"LAST-MODIFIED:{moved.changed_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    assert stamp in _event(ical, moved.pk)
    assert all(len(line.encode()) <= 75 for line in ical.split("\r\n"))
    assert "LAST-MODIFIED:" in _event(ical, steady.pk)
