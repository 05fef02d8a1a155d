"""Governance actions against the database: refusals, quorum, minutes, history, exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from engineroom.audit import integrity
from engineroom.governance import actions, exports, health, packs, queries
from factories.governance import MeetingFactory, MemberFactory
from factories.system import OrganisationFactory

TODAY = dt.date.today()


@pytest.fixture
def editor(member):
    return member("governance")


def test_overlapping_membership_is_refused(world, editor):
    member = world.bodies.finance.members.first() or MemberFactory(body=world.bodies.finance)
    with pytest.raises(ValidationError, match="memberships of one body cannot overlap"):
        actions.add_member(
            by=editor,
            body=member.body,
            person=member.person,
            role="member",
            organisation=None,
            voting=True,
            start_date=TODAY,
        )
    with pytest.raises(ValidationError, match="on or after the start date"):
        actions.end_member(by=editor, member=member, end_date=member.start_date - dt.timedelta(1))
    actions.end_member(by=editor, member=member, end_date=TODAY)
    assert queries.history(member).last().action == "governance.member_ended"


def test_delegation_above_the_delegators_own_limit_is_refused(world, editor):
    finance, executive = world.bodies.finance, world.bodies.executive
    with pytest.raises(
        ValidationError, match="above Unified Executive Group's own limit of £10,000,000"
    ):
        actions.add_delegation(
            by=editor,
            body=finance,
            category="funding",
            limit_pence=20 * 10**8,
            source="Test",
            start_date=TODAY,
            delegated_by=executive,
        )
    with pytest.raises(ValidationError, match="holds no delegation for this category"):
        actions.add_delegation(
            by=editor,
            body=finance,
            category="estates",
            limit_pence=1,
            source="Test",
            start_date=TODAY,
            delegated_by=executive,
        )
    with pytest.raises(ValidationError, match="cannot delegate to itself"):
        actions.add_delegation(
            by=editor,
            body=finance,
            category="funding",
            limit_pence=1,
            source="Test",
            start_date=TODAY,
            delegated_by=finance,
        )
    with pytest.raises(ValidationError, match="Name the body or statutory organisation"):
        actions.add_delegation(
            by=editor,
            body=finance,
            category="funding",
            limit_pence=1,
            source="Test",
            start_date=TODAY,
        )
    ok = actions.add_delegation(
        by=editor,
        body=finance,
        category="funding",
        limit_pence=10**8,
        source="Test",
        start_date=TODAY,
        delegated_by=executive,
    )
    assert queries.history(ok).get().action == "governance.delegation_added"


def test_a_cycle_in_reports_to_is_refused(world, editor):
    lg = world.bodies.leadership
    with pytest.raises(ValidationError, match="already reports, directly or indirectly"):
        actions.change_body(
            by=editor,
            body=lg,
            code=lg.code,
            name=lg.name,
            level="system",
            reports_to=world.bodies.finance,
        )
    for reports_to in (world.bodies.hood, lg):  # however deep, and itself
        with pytest.raises(ValidationError, match="already reports, directly or indirectly"):
            actions.change_body(by=editor, body=lg, reports_to=reports_to)


def test_a_body_needs_a_free_code_and_its_area(world, editor):
    with pytest.raises(ValidationError, match="already uses “finance-group”"):
        actions.create_body(by=editor, system=world.system, code="finance-group", name="Copy")
    with pytest.raises(ValidationError, match="Choose the place"):
        actions.create_body(by=editor, system=world.system, code="p", name="P", level="place")
    with pytest.raises(ValidationError, match="Choose the neighbourhood"):
        actions.create_body(
            by=editor, system=world.system, code="n", name="N", level="neighbourhood"
        )
    body = actions.create_body(
        by=editor,
        system=world.system,
        code="north-team",
        name="North Team",
        kind="neighbourhood_team",
        level="neighbourhood",
        neighbourhood=world.hood,
        parties=[world.orgs.pcn],
    )
    assert body.place == world.place and list(body.parties.all()) == [world.orgs.pcn]
    assert queries.history(body).get().action == "governance.body_created"


def test_ratification_by_a_board_that_is_not_a_party_is_refused(world, editor):
    outsider = OrganisationFactory(name="Elsewhere Borough Council", kind="la_unitary")
    with pytest.raises(ValidationError, match="is not a party to this decision"):
        actions.record_partner_decision(
            by=editor,
            decision=world.decisions.waiting,
            organisation=outsider,
            outcome="ratified",
            on=TODAY,
        )
    with pytest.raises(ValidationError, match="has already ratified this decision"):
        actions.record_partner_decision(
            by=editor,
            decision=world.decisions.waiting,
            organisation=world.orgs.trust,
            outcome="ratified",
            on=TODAY,
        )
    with pytest.raises(ValidationError, match="it is not awaiting partners"):
        actions.record_partner_decision(
            by=editor,
            decision=world.decisions.effective,
            organisation=world.orgs.trust,
            outcome="ratified",
            on=TODAY,
        )


def test_a_rejection_closes_the_decision_with_its_reason(world, editor):
    decision = actions.record_partner_decision(
        by=editor,
        decision=world.decisions.waiting,
        organisation=world.orgs.hospital,
        outcome="rejected",
        on=TODAY,
        note="Board not persuaded",
    )
    assert decision.status == "rejected" and decision.closed_on == TODAY
    assert decision.outcome_note == "Rejected by General Hospital NHS Trust: Board not persuaded"
    event = queries.history(decision).get()
    assert event.action == "governance.partner_decision_recorded"
    assert event.details["note"] == "Board not persuaded"


def test_decisions_refuse_steps_out_of_turn(world, editor):
    proposal = world.decisions.proposal
    with pytest.raises(ValidationError, match="cannot be agreed before it was proposed"):
        actions.agree_decision(
            by=editor, decision=proposal, on=proposal.proposed_on - dt.timedelta(1)
        )
    with pytest.raises(ValidationError, match="Only a proposed decision can be agreed"):
        actions.agree_decision(by=editor, decision=world.decisions.effective, on=TODAY)
    with pytest.raises(ValidationError, match="Give the reason"):
        actions.withdraw_decision(by=editor, decision=proposal, on=TODAY, reason=" ")
    with pytest.raises(ValidationError, match="effective cannot be withdrawn"):
        actions.withdraw_decision(
            by=editor, decision=world.decisions.effective, on=TODAY, reason="x"
        )
    withdrawn = actions.withdraw_decision(by=editor, decision=proposal, on=TODAY, reason="Gone")
    assert withdrawn.status == "withdrawn" and withdrawn.outcome_note == "Withdrawn: Gone"
    with pytest.raises(ValidationError, match="VD-002 is already used in this system"):
        actions.propose_decision(
            by=editor,
            body=world.bodies.executive,
            reference="VD-002",
            title="Again",
            category="funding",
            value_pence=1,
            proposed_on=TODAY,
        )
    with pytest.raises(ValidationError, match="cannot be negative"):
        actions.propose_decision(
            by=editor,
            body=world.bodies.executive,
            reference="VD-200",
            title="Negative",
            category="funding",
            value_pence=-1,
            proposed_on=TODAY,
        )


def test_a_decision_in_delegation_without_ratification_takes_effect_on_agreement(world, editor):
    decision = actions.propose_decision(
        by=editor,
        body=world.bodies.joint,
        reference="JC-1",
        title="Joint funding",
        category="funding",
        value_pence=2 * 10**8,
        proposed_on=TODAY,
        organisations=[world.orgs.council],
    )
    assert decision.delegation.body == world.bodies.joint
    agreed = actions.agree_decision(by=editor, decision=decision, on=TODAY)
    assert agreed.status == "effective" and agreed.effective_on == TODAY
    assert not agreed.partners.exists()


def test_cash_gifts_and_nil_returns_with_interests_are_refused(world, editor):
    person = world.interests.shares.person
    with pytest.raises(ValidationError) as error:
        actions.declare_interest(
            by=editor,
            system=world.system,
            person=person,
            kind="gift",
            counterparty="A supplier",
            description="Envelope",
            value_pence=100_00,
            cash=True,
            start_date=TODAY,
            declared_on=TODAY,
        )
    assert "Cash and vouchers must be refused" in str(error.value)
    with pytest.raises(ValidationError, match="a nil return is only for someone with none"):
        actions.submit_return(
            by=editor, system=world.system, person=person, year="2099/00", nil=True, on=TODAY
        )
    chair = world.chair
    actions.submit_return(
        by=editor, system=world.system, person=chair, year="2099/00", nil=True, on=TODAY
    )
    with pytest.raises(ValidationError, match="has already made a return for 2099/00"):
        actions.submit_return(
            by=editor, system=world.system, person=chair, year="2099/00", nil=True, on=TODAY
        )


def test_quorum_minutes_workflow_and_declarations(world, editor):
    meeting = world.meetings.scheduled
    members = list(queries.voting_members(meeting).select_related("person"))
    result = actions.record_attendance(
        by=editor, meeting=meeting, statuses={m.person: "present" for m in members[:2]}
    )
    assert not result.met and result.required == 4
    result = actions.record_attendance(
        by=editor, meeting=meeting, statuses={m.person: "present" for m in members}
    )
    assert result.met
    with pytest.raises(ValidationError, match="Only draft minutes"):
        actions.approve_minutes(by=editor, meeting=meeting, on=TODAY)
    with pytest.raises(ValidationError, match="Minutes must be approved"):
        actions.publish_minutes(by=editor, meeting=meeting, on=TODAY)
    item = meeting.items.get(number=3)
    with pytest.raises(ValidationError, match="Write the minutes"):
        actions.draft_minutes(by=editor, meeting=meeting, notes=" ", items={item: (" ", "")})
    actions.draft_minutes(
        by=editor, meeting=meeting, items={item: ("Discussed the contract.", "Agreed.")}
    )
    assert item.minute.discussion == "Discussed the contract." and item.minute.resolved == "Agreed."
    declaration = item.declarations.get(person__interests__kind="financial")
    assert declaration.action == "Leaves the meeting for the item." and declaration.recorded_by
    assert queries.history(meeting).last().details == {
        "items": 1,
        "part2_items": 0,
        "declarations": 1,
    }
    with pytest.raises(ValidationError, match="must be after the meeting"):
        actions.approve_minutes(by=editor, meeting=meeting, on=TODAY)  # it is still to come
    meeting.starts_at = timezone.now() - dt.timedelta(days=30)  # say it was held a month ago,
    meeting.save(update_fields=["starts_at"])  # and approve at the body's next meeting
    later = MeetingFactory(body=meeting.body, starts_at=timezone.now() - dt.timedelta(days=1))
    actions.approve_minutes(
        by=editor, meeting=meeting, on=timezone.localtime(later.starts_at).date()
    )
    with pytest.raises(ValidationError, match="Approved minutes cannot be changed"):
        actions.draft_minutes(by=editor, meeting=meeting, notes="Changed.")
    with pytest.raises(ValidationError, match="its agenda is closed"):
        actions.add_item(by=editor, meeting=meeting, title="Late item", purpose="information")
    actions.publish_minutes(by=editor, meeting=meeting, on=TODAY)
    assert [e.action for e in queries.history(meeting)] == [
        "governance.attendance_recorded",
        "governance.attendance_recorded",
        "governance.minutes_drafted",
        "governance.minutes_approved",
        "governance.minutes_published",
    ]
    assert integrity.check().ok


def test_minutes_wait_for_attendance_and_actions_for_their_meeting(world, editor):
    meeting = MeetingFactory(body=world.bodies.finance)
    with pytest.raises(ValidationError, match="Record attendance before drafting"):
        actions.draft_minutes(by=editor, meeting=meeting, notes="Too soon.")
    with pytest.raises(ValidationError, match="cannot be due before the meeting"):
        actions.add_action(
            by=editor,
            meeting=meeting,
            description="x",
            owner=world.chair,
            due_on=meeting.starts_at.date() - dt.timedelta(1),
        )
    action = world.meetings.done
    with pytest.raises(ValidationError, match="already done"):
        actions.complete_action(by=editor, action=action, on=TODAY)


def test_health_check_and_the_calendar(world):
    checks = {c.measure: c for c in health.checks(world.system)}
    assert {c.principle for c in checks.values()} == {
        "Streamlined",
        "Local by default",
        "Transparent",
        "Mutual accountability",
        "Representation",
    }
    assert checks["Bodies with published terms of reference"].value == "89%"  # 8 of 9
    assert checks["Actions overdue"].value == "50%" and not checks["Actions overdue"].met
    place = checks["Providers, PCNs and councils on place-level bodies"]
    assert place.met and place.value == "all represented"
    system = checks["Providers, PCNs and councils on system-level bodies"]
    assert system.met  # the executive's members come from all three
    text = exports.ical(queries.meetings(world.system))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.count("BEGIN:VEVENT") == 2
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_public_pack_leaves_out_part_2_and_xlsx_exports_hold_the_rows(
    world, client, member, signed_in
):
    meeting = world.meetings.held
    public = packs.pack_items(meeting, confidential=False, base_url="http://testserver/")
    assert [r.item.title for r in public] == ["Elective recovery plan"]
    assert packs.pack_context(meeting, public, confidential=False)["conflicts"] == []
    private = packs.pack_items(meeting, confidential=True, base_url="http://testserver/")
    assert any(r.item.confidential for r in private)
    code = world.system.code
    pdf = client.get(reverse("governance:public-pack", args=[code, meeting.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    sheet = signed_in(member("governance")).get(reverse("governance:actions-xlsx", args=[code]))
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Body", "Meeting", "Action", "Owner") and len(rows) == 3
    assert {r[2] for r in rows[1:]} == {world.meetings.done.description, "Report the waiting list"}
    reader = signed_in(member("system_leader"))
    register = reader.get(reverse("governance:interests-xlsx", args=[code]))
    assert "no-store" not in register.get("Cache-Control", "")
    cells = list(load_workbook(io.BytesIO(register.content)).active.iter_rows(values_only=True))
    assert "Shareholding in the treatment centre" in [r[3] for r in cells]
    assert not any("Spouse" in (r[3] or "") for r in cells)
    full = signed_in(member("governance")).get(reverse("governance:interests-xlsx", args=[code]))
    assert full["Cache-Control"] == "no-store"  # withheld entries: never cached
    cells = list(load_workbook(io.BytesIO(full.content)).active.iter_rows(values_only=True))
    assert any("Spouse" in (r[3] or "") for r in cells)


def test_agenda_items_and_uploaded_papers_through_the_pages(world, client, member, signed_in):
    code = world.system.code
    editor = signed_in(member("governance"))
    meeting = MeetingFactory(body=world.bodies.finance)
    editor.post(
        reverse("governance:item-add", args=[code, meeting.pk]),
        {"title": "Estates disposal", "purpose": "decision", "confidential": "on"},
    )
    item = meeting.items.get(title="Estates disposal")
    url = reverse("governance:paper-add", args=[code, meeting.pk, item.pk])
    refused = editor.post(url, {"title": "Valuation", "published": "on", "html": "Figures"})
    assert "A confidential (Part 2) paper cannot be published" in refused.content.decode()
    empty = editor.post(url, {"title": "Valuation"})
    assert "Upload a file or write the paper" in empty.content.decode()
    both = SimpleUploadedFile("v.txt", b"x", content_type="text/plain")
    twice = editor.post(url, {"title": "Valuation", "file": both, "html": "Figures"})
    assert "not both" in twice.content.decode()
    upload = SimpleUploadedFile("valuation.txt", b"Valuation figures", content_type="text/plain")
    assert editor.post(url, {"title": "Valuation", "file": upload}).status_code == 302
    paper = item.papers.get()
    download = editor.get(reverse("governance:paper", args=[code, paper.pk]))
    assert download.content == b"Valuation figures"
    assert download["Content-Disposition"].startswith('attachment; filename="valuation')
    reader = signed_in(member("system_leader"))
    assert reader.get(reverse("governance:paper", args=[code, paper.pk])).status_code == 403
    client.logout()
    public = client.get(reverse("governance:public-paper", args=[code, paper.pk]))
    assert public.status_code == 404


def test_a_member_is_added_with_dates_in_order(world, editor):
    finance, person = world.bodies.finance, world.people[0]
    with pytest.raises(ValidationError, match="on or after the start date"):
        actions.add_member(
            by=editor,
            body=finance,
            person=person,
            role="member",
            organisation=None,
            voting=True,
            start_date=TODAY,
            end_date=TODAY - dt.timedelta(1),
        )
    member = actions.add_member(
        by=editor,
        body=finance,
        person=person,
        role="chair",
        organisation=world.orgs.hospital,
        voting=True,
        start_date=TODAY,
        end_date=TODAY + dt.timedelta(days=365),
    )
    event = queries.history(member).get()
    assert event.action == "governance.member_added"
    assert event.details == {
        "body": "finance-group",
        "person": person.ref,
        "role": "chair",
        "voting": True,
    }
    with pytest.raises(ValidationError, match=r"from \d+ \w+ \d{4} to \d+ \w+ \d{4}: memberships"):
        actions.add_member(
            by=editor,
            body=finance,
            person=person,
            role="member",
            organisation=None,
            voting=True,
            start_date=TODAY + dt.timedelta(days=30),
        )


def test_quorum_can_need_every_party_represented(world, editor):
    joint = world.bodies.joint
    joint.quorum_each_party, joint.quorum_minimum = True, 1
    joint.save()
    icb_person = MemberFactory(body=joint, organisation=world.orgs.icb).person
    MemberFactory(body=joint, organisation=world.orgs.council)
    meeting = MeetingFactory(body=joint)
    result = actions.record_attendance(by=editor, meeting=meeting, statuses={icb_person: "present"})
    assert not result.met and result.present == 1
    assert result.missing_parties == [world.orgs.council]


def test_gifts_count_together_from_one_source_over_a_year(world, editor):
    person = world.chair
    for value, days_ago in ((10_00, 400), (20_00, 300), (40_00, 60)):
        actions.declare_interest(
            by=editor,
            system=world.system,
            person=person,
            kind="gift",
            counterparty="Acme",
            description="Gift",
            value_pence=value,
            start_date=TODAY - dt.timedelta(days=days_ago),
            declared_on=TODAY,
        )
    assert queries.earlier_gifts(person, "acme", TODAY) == 60_00  # the oldest is over a year ago
    assert queries.earlier_gifts(person, "ACME", TODAY - dt.timedelta(days=100)) == 30_00


def test_a_published_paper_of_a_part_2_item_is_still_not_public(world, client):
    from factories.governance import PaperFactory

    paper = PaperFactory(item=world.meetings.secret_item, published=True)
    url = reverse("governance:public-paper", args=[world.system.code, paper.pk])
    assert client.get(url).status_code == 404
