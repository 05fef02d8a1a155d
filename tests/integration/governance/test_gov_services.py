"""Governance services against the demo database: refusals, quorum, minutes, history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from engineroom.audit.queries import verify_chain
from engineroom.governance import decisions, exports, health, interests, services
from engineroom.governance.models import Body, Decision, Meeting
from engineroom.system.models import Organisation, Person

TODAY = dt.date.today()


@pytest.fixture
def editor(user_for):
    return user_for("governance")


def body(code):
    return Body.objects.get(system__code="vale-downs", code=code)


def test_overlapping_membership_is_refused(editor):
    member = body("finance-group").members.first()
    with pytest.raises(ValidationError, match="memberships of one body cannot overlap"):
        services.add_member(
            by=editor,
            body=member.body,
            person=member.person,
            role="member",
            organisation=None,
            voting=True,
            start_date=TODAY,
        )


def test_delegation_above_the_delegators_own_limit_is_refused(editor):
    with pytest.raises(
        ValidationError, match="above Unified Executive Group's own limit of £10,000,000"
    ):
        services.add_delegation(
            by=editor,
            body=body("finance-group"),
            category="funding",
            limit_pence=20 * 10**8,
            source="Test",
            start_date=TODAY,
            delegated_by=body("unified-executive"),
        )
    with pytest.raises(ValidationError, match="holds no delegation for this category"):
        services.add_delegation(
            by=editor,
            body=body("finance-group"),
            category="estates",
            limit_pence=1,
            source="Test",
            start_date=TODAY,
            delegated_by=body("unified-executive"),
        )
    ok = services.add_delegation(
        by=editor,
        body=body("finance-group"),
        category="funding",
        limit_pence=10**8,
        source="Test",
        start_date=TODAY,
        delegated_by=body("unified-executive"),
    )
    assert services.history(ok).get().action == "governance.delegation_added"


def test_a_cycle_in_reports_to_is_refused(editor):
    lg = body("leadership-group")
    with pytest.raises(ValidationError, match="already reports, directly or indirectly"):
        services.save_body(
            by=editor,
            system=lg.system,
            body=lg,
            code=lg.code,
            name=lg.name,
            level="system",
            reports_to=body("finance-group"),
        )


def test_ratification_by_a_board_that_is_not_a_party_is_refused(editor):
    decision = Decision.objects.get(reference="VD-002")
    outsider = Organisation.objects.get(ods_code="L0U02")
    with pytest.raises(ValidationError, match="is not a party to this decision"):
        decisions.record_partner_decision(
            by=editor, decision=decision, organisation=outsider, outcome="ratified", on=TODAY
        )


def test_cash_gifts_and_nil_returns_with_interests_are_refused(editor, main_system):
    person = Person.objects.get(interests__description__startswith="Shareholding")
    with pytest.raises(ValidationError) as error:
        interests.declare_interest(
            by=editor,
            system=main_system,
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
        interests.submit_return(
            by=editor, system=main_system, person=person, year="2099/00", nil=True, on=TODAY
        )


def test_quorum_minutes_workflow_and_declarations(editor):
    meeting = Meeting.objects.filter(body__code="unified-executive", status="scheduled").first()
    members = list(services.voting_members(meeting).select_related("person"))
    result = services.record_attendance(
        by=editor, meeting=meeting, statuses={m.person: "present" for m in members[:2]}
    )
    assert not result.met and result.required == 4
    result = services.record_attendance(
        by=editor, meeting=meeting, statuses={m.person: "present" for m in members}
    )
    assert result.met
    with pytest.raises(ValidationError, match="Only draft minutes"):
        services.approve_minutes(by=editor, meeting=meeting, on=TODAY)
    services.save_minutes(by=editor, meeting=meeting, text="Discussed the contract.")
    item = meeting.items.get(number=3)
    assert item.declarations.filter(person__interests__kind="financial").exists()
    services.approve_minutes(by=editor, meeting=meeting, on=TODAY)
    with pytest.raises(ValidationError, match="Approved minutes cannot be changed"):
        services.save_minutes(by=editor, meeting=meeting, text="Changed.")
    services.publish_minutes(by=editor, meeting=meeting, on=TODAY)
    assert verify_chain() is None


def test_health_check_and_exports(main_system):
    checks = health.checks(main_system)
    assert {c.principle for c in checks} >= {
        "Streamlined",
        "Local by default",
        "Transparent",
        "Representation",
    }
    text = exports.ical(Meeting.objects.filter(body__code="finance-group"))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.count("BEGIN:VEVENT") >= 10
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_public_pack_leaves_out_part_2_and_xlsx_exports_hold_the_rows(client, client_for):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    meeting = Meeting.objects.filter(body__code="unified-executive", status="held").first()
    public = exports.pack_context(meeting, confidential=False)
    assert [i.title for i in public["items"] if i.confidential] == []
    assert public["conflicts"] == []
    private = exports.pack_context(meeting, confidential=True)
    assert any(i.confidential for i in private["items"])
    pdf = client.get(reverse("governance:public-pack", args=["vale-downs", meeting.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    sheet = client_for("governance").get(reverse("governance:actions-xlsx", args=["vale-downs"]))
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Body", "Meeting", "Action", "Owner") and len(rows) > 50
    register = client_for("system_leader").get(
        reverse("governance:interests-xlsx", args=["vale-downs"])
    )
    cells = [
        r[3] for r in load_workbook(io.BytesIO(register.content)).active.iter_rows(values_only=True)
    ]
    assert "Shareholding in the treatment centre (fictional)" in cells
    assert not any("Spouse" in (c or "") for c in cells)


def test_agenda_items_and_uploaded_papers_through_the_pages(client_for, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    editor = client_for("governance")
    meeting = Meeting.objects.filter(body__code="finance-group", status="scheduled").first()
    editor.post(
        reverse("governance:item-add", args=["vale-downs", meeting.pk]),
        {"title": "Estates disposal", "purpose": "decision", "confidential": "on"},
    )
    item = meeting.items.get(title="Estates disposal")
    url = reverse("governance:paper-add", args=["vale-downs", meeting.pk, item.pk])
    refused = editor.post(url, {"title": "Valuation", "published": "on", "html": "Figures"})
    assert "A confidential (Part 2) paper cannot be published" in refused.content.decode()
    empty = editor.post(url, {"title": "Valuation"})
    assert "Upload a file or write the paper" in empty.content.decode()
    upload = SimpleUploadedFile("valuation.txt", b"Valuation figures", content_type="text/plain")
    assert editor.post(url, {"title": "Valuation", "file": upload}).status_code == 302
    paper = item.papers.get()
    download = editor.get(reverse("governance:paper", args=["vale-downs", paper.pk]))
    assert b"".join(download.streaming_content) == b"Valuation figures"
    reader = client_for("system_leader").get(
        reverse("governance:paper", args=["vale-downs", paper.pk])
    )
    assert reader.status_code == 403
    client.logout()
    public = client.get(reverse("governance:public-paper", args=["vale-downs", paper.pk]))
    assert public.status_code == 404
