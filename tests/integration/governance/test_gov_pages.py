"""Governance pages show what the rules allow and carry each form to its action."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from engineroom.governance.models import Body, Decision

TODAY = dt.date.today()


def test_a_decision_page_offers_only_the_steps_its_state_allows(world, member, signed_in):
    editor, code = signed_in(member("governance")), world.system.code

    def page(decision):
        return editor.get(reverse("governance:decision", args=[code, decision.pk])).content.decode()

    waiting = page(world.decisions.waiting)
    assert "Record a partner's decision" in waiting and "Withdraw the decision" in waiting
    assert "Record agreement" not in waiting
    blockers = waiting[waiting.index('id="blockers"') :]
    assert "General Hospital NHS Trust – waiting" in blockers[: blockers.index("</div>")]
    assert "Ratification by the partners' boards" in waiting
    proposed = page(world.decisions.proposal)
    assert "Record agreement" in proposed and "Record a partner" not in proposed
    effective = page(world.decisions.effective)
    assert "Record agreement" not in effective and "Withdraw the decision" not in effective
    assert 'id="blockers"' not in effective
    reader = signed_in(member("system_leader"))
    read = reader.get(reverse("governance:decision", args=[code, world.decisions.waiting.pk]))
    assert "Record a partner" not in read.content.decode()


def test_committees_in_common_record_each_members_own_decision(world, member, signed_in):
    editor, code = signed_in(member("governance")), world.system.code
    cic = world.bodies.cic
    response = editor.post(
        reverse("governance:decision-new", args=[code]),
        {
            "body": cic.pk,
            "reference": "CIC-1",
            "title": "Shared rota",
            "category": "workforce",
            "value": "0",
            "proposed_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(reference="CIC-1")
    page = editor.get(reverse("governance:decision", args=[code, decision.pk])).content.decode()
    assert "Each member's own decision" in page and "Record agreement" not in page
    refused = editor.post(
        reverse("governance:decision-agree", args=[code, decision.pk]), {"agree-on": TODAY}
    )
    assert "cannot take a joint decision" in refused.content.decode()
    for org in cic.parties.all():
        editor.post(
            reverse("governance:decision-partner", args=[code, decision.pk]),
            {"partner-organisation": org.pk, "partner-outcome": "ratified", "partner-on": TODAY},
        )
    decision.refresh_from_db()
    assert decision.status == "effective" and decision.agreed_on == TODAY


def test_withdrawing_through_the_page(world, member, signed_in):
    editor, code = signed_in(member("governance")), world.system.code
    proposal = world.decisions.proposal
    url = reverse("governance:decision-withdraw", args=[code, proposal.pk])
    refused = editor.post(url, {"withdraw-on": TODAY, "withdraw-reason": " "})
    assert "There is a problem" in refused.content.decode()
    assert (
        editor.post(url, {"withdraw-on": TODAY, "withdraw-reason": "Superseded"}).status_code == 302
    )
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"


def test_the_meeting_page_flags_conflicts_records_attendance_and_offers_minutes_steps(
    world, member, signed_in
):
    editor, code = signed_in(member("governance")), world.system.code
    meeting = world.meetings.scheduled
    url = reverse("governance:meeting", args=[code, meeting.pk])
    page = editor.get(url).content.decode()
    conflicts = page[page.index('id="conflicts"') :]
    assert "Item 3 (Elective recovery: Treatment Centre contract)" in conflicts
    assert "financial interest in Vale Treatment Centre Ltd" in conflicts
    assert "not yet declared" in conflicts
    assert "Draft the minutes" in page and "Approve the minutes" not in page
    members = editor.get(url).context["members"]
    assert len(members) == 4
    editor.post(
        reverse("governance:attendance", args=[code, meeting.pk]),
        {f"person-{m.person_id}": "present" for m in members},
    )
    page = editor.get(url).content.decode()
    assert "Quorate" in page and 'value="present" selected' in page
    item = world.meetings.contract
    minutes = {f"item-{item.pk}-discussion": "Discussed.", f"item-{item.pk}-resolved": "Agreed."}
    editor.post(reverse("governance:minutes", args=[code, meeting.pk]), minutes)
    page = editor.get(url).content.decode()
    assert "Discussed." in page and "Agreed." in page
    declarations = page[page.index('id="declarations"') :]
    assert "Item 3:" in declarations and "Leaves the meeting" in declarations
    assert "Approve the minutes" in page
    step = reverse("governance:minutes-step", args=[code, meeting.pk, "approve"])
    refused = editor.post(step, {"on": TODAY})  # the meeting is still to come
    assert refused.status_code == 200 and "must be after the meeting" in refused.content.decode()
    wrong = reverse("governance:minutes-step", args=[code, meeting.pk, "shred"])
    assert editor.post(wrong, {"on": TODAY}).status_code == 404
    pack = editor.get(reverse("governance:pack", args=[code, meeting.pk]))
    assert pack.content.startswith(b"%PDF") and pack["Content-Disposition"].startswith("inline")


def test_readers_do_not_see_part_2_items_or_papers(world, member, signed_in):
    code = world.system.code
    reader = signed_in(member("regulator"))
    page = reader.get(reverse("governance:meeting", args=[code, world.meetings.held.pk]))
    text = page.content.decode()
    assert "Contract negotiations" not in text and "Negotiation position" not in text
    assert "Elective recovery paper" in text
    paper = reader.get(reverse("governance:paper", args=[code, world.meetings.paper.pk]))
    assert "The paper&#x27;s text." in paper.content.decode()
    editor = signed_in(member("governance"))
    page = editor.get(reverse("governance:meeting", args=[code, world.meetings.held.pk]))
    assert "Negotiation position" in page.content.decode()


def test_the_action_log_marks_overdue_actions_and_completes_them(world, member, signed_in):
    editor, code = signed_in(member("governance")), world.system.code
    page = editor.get(reverse("governance:actions", args=[code])).content.decode()
    assert page.count("Overdue</strong>") == 1 and page.count("Mark done") == 1
    done = reverse("governance:action-done", args=[code, world.meetings.overdue.pk])
    assert editor.post(done, {"on": TODAY}).status_code == 302
    page = editor.get(reverse("governance:actions", args=[code])).content.decode()
    assert "Overdue</strong>" not in page and "Mark done" not in page
    add = reverse("governance:action-add", args=[code, world.meetings.scheduled.pk])
    due = (world.meetings.scheduled.starts_at.date() + dt.timedelta(days=7)).isoformat()
    response = editor.post(
        add, {"description": "Circulate", "owner": world.chair.pk, "due_on": due}
    )
    assert response.status_code == 302 and world.meetings.scheduled.actions.count() == 1


def test_the_forward_plan_flags_late_notice_and_hides_part_2_from_readers(world, member, signed_in):
    code = world.system.code
    reader = signed_in(member("pmo")).get(reverse("governance:forward-plan", args=[code]))
    text = reader.content.decode()
    assert "Elective recovery: Treatment Centre contract" in text and "Late notice" in text
    assert "Contract negotiations update" not in text
    editor = signed_in(member("governance")).get(reverse("governance:forward-plan", args=[code]))
    assert "Contract negotiations update" in editor.content.decode()


def test_bodies_change_through_their_forms(world, member, signed_in):
    editor, code = signed_in(member("governance")), world.system.code
    response = editor.post(
        reverse("governance:body-new", args=[code]),
        {
            "code": "digital-board",
            "name": "Digital Board",
            "kind": "programme_board",
            "level": "system",
            "reports_to": world.bodies.executive.pk,
            "quorum_minimum": 3,
            "cadence": "quarterly",
            "decision_mode": "consensus",
        },
    )
    assert response.status_code == 302
    body = Body.objects.get(system=world.system, code="digital-board")
    edit = reverse("governance:body-edit", args=[code, "digital-board"])
    form = editor.get(edit).context["form"]
    assert form.initial["name"] == "Digital Board"
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update(code="digital", reports_to=world.bodies.executive.pk, name="Digital and Data")
    response = editor.post(edit, data)
    assert response.status_code == 302 and response.url.endswith("/bodies/digital/")
    body.refresh_from_db()
    assert body.name == "Digital and Data"
    page = editor.get(reverse("governance:body", args=[code, "digital"])).content.decode()
    history = page[page.index('id="history"') :]
    assert "governance.body_created" in history and "governance.body_changed" in history
    delegation = editor.post(
        reverse("governance:delegation-add", args=[code, "digital"]),
        {
            "category": "digital",
            "limit": "250000",
            "source_organisation": world.orgs.icb.pk,
            "source": "ICB scheme",
            "requires_ratification": "on",
            "start_date": TODAY.isoformat(),
        },
    )
    assert delegation.status_code == 302
    page = editor.get(reverse("governance:body", args=[code, "digital"])).content.decode()
    assert "£250,000" in page
    meeting = editor.post(
        reverse("governance:meeting-new", args=[code, "digital"]),
        {"starts_at": "2030-01-15T10:00", "location": "Online"},
    )
    assert meeting.status_code == 302 and body.meetings.count() == 1


def test_the_matrix_routes_a_proposal_to_the_lowest_level_that_may_decide(world, member, signed_in):
    client, code = signed_in(member("analyst")), world.system.code
    url = reverse("governance:matrix", args=[code])
    small = client.get(
        url, {"category": "service_change", "value": "50000", "places": world.place.pk}
    )
    assert "Ashby Place Partnership Board (place level)" in small.content.decode()
    big = client.get(
        url, {"category": "service_change", "value": "6000000", "places": world.place.pk}
    )
    text = big.content.decode()
    assert (
        "Unified Executive Group (system level)" in text and "above its limit of £1,000,000" in text
    )
    hood = client.get(
        url, {"category": "service_change", "value": "5000", "neighbourhood": world.hood.pk}
    )
    assert "Ashby North Neighbourhood Team (neighbourhood level)" in hood.content.decode()
    page = client.get(url).content.decode()
    assert "£50,000,000" in page  # the matrix of current delegations


def test_interests_and_returns_through_their_forms(world, member, signed_in):
    editor, code = signed_in(member("governance")), world.system.code
    response = editor.post(
        reverse("governance:interest-add", args=[code]),
        {
            "person": world.chair.pk,
            "kind": "hospitality",
            "counterparty": "A supplier",
            "description": "Dinner",
            "value": "40",
            "start_date": TODAY.isoformat(),
            "declared_on": TODAY.isoformat(),
            "publish": "on",
        },
    )
    assert response.status_code == 302
    page = editor.get(reverse("governance:interests", args=[code])).content.decode()
    assert 'Dinner (<span class="er-nowrap">£40</span>)' in page and "Over £25: recorded" in page
    assert "5 members of the system's bodies have not yet made a return" in page
    returned = editor.post(
        reverse("governance:return-add", args=[code]), {"person": world.chair.pk, "nil": "on"}
    )
    assert returned.status_code == 302
    page = editor.get(reverse("governance:interests", args=[code])).content.decode()
    assert "nil return" in page and "4 members of the system's bodies" in page
