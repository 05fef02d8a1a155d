"""Minutes per agenda item, with Part 2 minutes kept apart; unique decision references; and the
migrations that move the old single-text minutes and separate duplicate references."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from engineroom.governance.models import Decision, ItemMinute, Meeting
from factories.governance import BodyFactory, DecisionFactory
from factories.system import SystemFactory

TODAY = dt.date.today()


def test_the_minutes_form_lists_every_item_and_marks_part_2(world, member, signed_in):
    editor, code = signed_in(member("governance")), world.system.code
    meeting = world.meetings.scheduled
    page = editor.get(reverse("governance:minutes", args=[code, meeting.pk])).content.decode()
    part2 = page.index('id="part2-items"')
    assert page.index("Elective recovery: Treatment Centre contract") < part2  # Part 1 first
    after = page[part2:]
    assert "Contract negotiations update" in after and "Part 2 (confidential)</strong>" in after
    assert "never published" in after


def test_minutes_are_redrafted_item_by_item_and_bad_input_is_a_message(world, member, signed_in):
    editor, code = signed_in(member("governance")), world.system.code
    meeting = world.meetings.scheduled
    meeting.status = "held"
    meeting.save()
    url = reverse("governance:minutes", args=[code, meeting.pk])
    empty = editor.post(url, {}).content.decode()
    assert "There is a problem" in empty and "Write the minutes" in empty
    item = world.meetings.contract
    field = f"item-{item.pk}-discussion"
    long = editor.post(url, {field: "x" * 20_001}).content.decode()
    assert "Item 3: discussion: Ensure this value has at most 20000 characters" in long
    assert editor.post(url, {field: "Discussed.", "notes": "Welcome."}).status_code == 302
    assert ItemMinute.objects.get(item=item).discussion == "Discussed."
    assert editor.post(url, {field: " ", "notes": "Welcome."}).status_code == 302
    assert not ItemMinute.objects.filter(item=item).exists()  # emptied: its minutes go
    form = editor.get(url).context["form"]
    assert form["notes"].value() == "Welcome."


def test_draft_minutes_are_not_public(world, member, signed_in, client):
    editor, code = signed_in(member("governance")), world.system.code
    meeting = world.meetings.scheduled
    meeting.status = "held"
    meeting.save()
    item = world.meetings.contract
    url = reverse("governance:minutes", args=[code, meeting.pk])
    editor.post(url, {f"item-{item.pk}-discussion": "Draft wording about the contract."})
    client.logout()
    page = client.get(reverse("governance:public-meeting", args=[code, meeting.pk]))
    text = page.content.decode()
    assert "not yet published" in text and "Draft wording" not in text
    assert (
        client.get(reverse("governance:public-minutes-pdf", args=[code, meeting.pk])).status_code
        == 404
    )


def test_duplicate_decision_references_are_refused_in_the_system(world, member, signed_in):
    editor, code = signed_in(member("governance")), world.system.code
    taken = world.decisions.waiting  # VD-002 of the executive
    response = editor.post(
        reverse("governance:decision-new", args=[code]),
        {
            "body": world.bodies.finance.pk,  # another body of the same system
            "reference": taken.reference.lower(),
            "title": "Same reference",
            "category": "funding",
            "value": "0",
            "proposed_on": TODAY.isoformat(),
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert "vd-002 is already used in this system (by Unified Executive Group, as VD-002)" in text
    assert not Decision.objects.filter(title="Same reference").exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionFactory(body=world.bodies.finance, reference="Vd-002")
    elsewhere = BodyFactory(system=SystemFactory())
    assert DecisionFactory(body=elsewhere, reference="VD-002").system == elsewhere.system


@pytest.mark.django_db(transaction=True)
def test_the_migrations_restrict_old_minutes_and_separate_duplicate_references():
    executor = MigrationExecutor(connection)
    executor.migrate([("governance", "0001_initial")])
    old = executor.loader.project_state([("governance", "0001_initial")]).apps
    system = SystemFactory(code="s")  # the system app's tables are as they are now
    body = old.get_model("governance", "Body")
    one, two = (body.objects.create(system_id=system.pk, code=c, name=c) for c in ("one", "two"))
    meetings = old.get_model("governance", "Meeting").objects
    at = dt.datetime(2025, 1, 1, 10, tzinfo=dt.UTC)
    private = meetings.create(body=one, starts_at=at, minutes="Discussed the sale.")
    public = meetings.create(body=one, starts_at=at, minutes="Noted the report.")
    items = old.get_model("governance", "AgendaItem").objects
    items.create(meeting=private, number=1, title="Sale", confidential=True, notice_given_on=TODAY)
    items.create(meeting=public, number=1, title="Report", notice_given_on=TODAY)
    decisions = old.get_model("governance", "Decision").objects
    for b, reference, days in ((one, "VD-1", 30), (two, "vd-1", 20), (two, "VD-1", 10)):
        decisions.create(
            body=b,
            reference=reference,
            title=reference,
            category="funding",
            proposed_on=TODAY - dt.timedelta(days),
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("governance"))
    assert Meeting.objects.get(pk=private.pk).notes_confidential
    kept = Meeting.objects.get(pk=public.pk)
    assert kept.notes == "Noted the report." and not kept.notes_confidential
    references = Decision.objects.order_by("proposed_on").values_list("reference", "system__code")
    assert list(references) == [("VD-1", "s"), ("vd-1-2", "s"), ("VD-1-3", "s")]
