"""A meeting's life: rescheduled and cancelled (audited, shown, out of the forward plan),
attendance in every capacity with the quorum in plain words, minutes drafted from the agenda
with actions per item, and approved only on the date of a later meeting of the same body."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from engineroom.governance import actions, presenters, queries
from factories.governance import AgendaItemFactory, MeetingFactory, MemberFactory
from factories.system import PersonFactory

TODAY = timezone.localdate()


@pytest.fixture
def editor(member):
    return member("governance")


def test_rescheduling_keeps_the_old_date_and_reason_and_is_audited(world, editor, signed_in):
    meeting = world.meetings.scheduled
    was = meeting.starts_at
    client, code = signed_in(editor), world.system.code
    url = reverse("governance:meeting-reschedule", args=[code, meeting.pk])
    new = (timezone.localtime(was) + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    missing = client.post(url, {"starts_at": new, "reason": ""})
    assert missing.status_code == 200 and "reason" in missing.content.decode()
    past = client.post(url, {"starts_at": "2020-01-06T10:00", "reason": "Room"})
    assert "cannot be moved into the past" in past.content.decode()
    assert client.post(url, {"starts_at": new, "reason": "The chair is unwell"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.rescheduled_from == was and meeting.reschedule_reason == "The chair is unwell"
    event = queries.history(meeting).last()
    assert event.action == "governance.meeting_rescheduled"
    assert event.details["reason"] == "The chair is unwell"
    page = client.get(reverse("governance:meeting", args=[code, meeting.pk])).content.decode()
    assert 'id="rescheduled"' in page and "The chair is unwell" in page
    held = world.meetings.held
    with pytest.raises(ValidationError, match="Only a scheduled meeting yet to happen"):
        actions.reschedule_meeting(by=editor, meeting=held, starts_at=timezone.now(), reason="x")


def test_a_cancelled_meeting_is_shown_audited_and_leaves_the_forward_plan(world, editor, signed_in):
    meeting, code = world.meetings.scheduled, world.system.code
    assert any(p.item.meeting == meeting for p in queries.forward_plan(world.system))
    client = signed_in(editor)
    url = reverse("governance:meeting-cancel", args=[code, meeting.pk])
    assert "reason" in client.post(url, {"reason": " "}).context["form"].errors
    assert client.post(url, {"reason": "Not enough business"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancelled_on == TODAY
    assert queries.history(meeting).last().action == "governance.meeting_cancelled"
    assert not any(p.item.meeting == meeting for p in queries.forward_plan(world.system))
    page = client.get(reverse("governance:meeting", args=[code, meeting.pk])).content.decode()
    assert 'id="cancelled"' in page and "Not enough business" in page
    listing = client.get(reverse("governance:meetings", args=[code])).content.decode()
    assert "Cancelled" in listing
    with pytest.raises(ValidationError, match="cancelled"):
        actions.add_item(by=editor, meeting=meeting, title="Late", purpose="information")
    with pytest.raises(ValidationError, match="Only a scheduled meeting"):
        actions.cancel_meeting(by=editor, meeting=meeting, reason="again")


def test_attendance_in_every_capacity_and_the_quorum_in_plain_words(world, editor, signed_in):
    joint = world.bodies.joint
    joint.quorum_each_party, joint.quorum_minimum = True, 2
    joint.save()
    icb = MemberFactory(body=joint, organisation=world.orgs.icb, person=PersonFactory(name="Ann"))
    council = MemberFactory(body=joint, organisation=world.orgs.council)
    adviser = MemberFactory(body=joint, voting=False, person=PersonFactory(name="Nina Adviser"))
    meeting = MeetingFactory(body=joint, starts_at=timezone.now() - dt.timedelta(days=1))
    client, code = signed_in(editor), world.system.code
    url = reverse("governance:attendance", args=[code, meeting.pk])
    bad = client.post(url, {f"person-{icb.person_id}": "present", "officers": "No role here"})
    assert "write the name, a comma, then the role" in bad.content.decode()
    form = {
        f"person-{icb.person_id}": "present",
        f"person-{council.person_id}": "apologies",
        f"person-{adviser.person_id}": "present",
        "officers": "Sam Scribe, Board secretary",
        "guests": "Gail Guest, Healthwatch",
    }
    assert client.post(url, form).status_code == 302
    quorum = queries.quorum(meeting)
    assert not quorum.met and quorum.present == 1 and quorum.voting == 2
    sentence = presenters.quorum_sentence(meeting, quorum)
    assert sentence == (
        "Not quorate: 1 of 2 voting members present; the quorum is 2, including one from each "
        f"of {world.orgs.icb.name} and {world.orgs.council.name} (not represented: "
        f"{world.orgs.council.name})."
    )
    page = client.get(reverse("governance:meeting", args=[code, meeting.pk])).content.decode()
    assert sentence.replace("'", "&#x27;") in page
    record = presenters.minutes_record(meeting, confidential=True)
    assert [p.name for p in record.present] == ["Ann"]
    assert [p.name for p in record.non_voting] == ["Nina Adviser"]
    assert [(a.who, a.role) for a in record.in_attendance] == [
        ("Sam Scribe", "Board secretary"),
        ("Gail Guest", "Healthwatch"),
    ]
    assert client.post(url, form | {"guests": ""}).status_code == 302  # replaced, not added
    assert meeting.attendance.filter(capacity="guest").count() == 0


def test_minutes_are_drafted_from_the_agenda_with_actions_and_approved_at_a_later_meeting(
    world, editor, signed_in
):
    body = world.bodies.executive
    meeting = MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(days=30))
    item = AgendaItemFactory(
        meeting=meeting, number=1, title="Stroke pathway", presenter=world.people[0]
    )
    later = MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(days=2))
    MeetingFactory(body=world.bodies.finance, starts_at=timezone.now() - dt.timedelta(days=3))
    client, code = signed_in(editor), world.system.code
    client.post(reverse("governance:attendance", args=[code, meeting.pk]), {})
    draft = client.get(reverse("governance:minutes", args=[code, meeting.pk])).content.decode()
    assert f"{world.people[0].name} presented the item (for discussion)." in draft
    action = reverse("governance:action-add", args=[code, meeting.pk])
    due = (TODAY + dt.timedelta(days=30)).isoformat()
    owner = world.people[1].pk
    form = {"description": "Audit the pathway", "owner": owner, "due_on": due, "item": item.pk}
    assert client.post(action, form).status_code == 302
    minutes = {f"item-{item.pk}-discussion": "Discussed.", f"item-{item.pk}-resolved": "Agreed."}
    assert (
        client.post(reverse("governance:minutes", args=[code, meeting.pk]), minutes).status_code
        == 302
    )
    record = presenters.minutes_record(meeting, confidential=True)
    assert [a.description for a in record.part1[0].actions] == ["Audit the pathway"]
    approve = reverse("governance:minutes-step", args=[code, meeting.pk, "approve"])
    form_page = client.get(approve)
    assert form_page.context["form"].initial["on"] == timezone.localtime(later.starts_at).date()
    for wrong, message in (
        (TODAY + dt.timedelta(days=1), "cannot be in the future"),
        (TODAY - dt.timedelta(days=40), "must be after the meeting"),
        (TODAY - dt.timedelta(days=3), "approved at a later meeting of Unified Executive Group"),
    ):
        refused = client.post(approve, {"on": wrong.isoformat()})
        assert refused.status_code == 200 and message in refused.content.decode(), wrong
    on = timezone.localtime(later.starts_at).date()
    assert client.post(approve, {"on": on.isoformat()}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == "approved" and meeting.minutes_approved_on == on
