"""An approved highlight report cannot be changed, through the page or the actions; every saved
state is kept; the report and the quarterly return download as PDF."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engineroom.audit import actions as audit
from engineroom.audit.models import AuditEvent
from engineroom.programmes import actions, queries, rules
from engineroom.web.periods import Quarter
from factories.programmes import BenefitMonthFactory, HighlightReportFactory, ProgrammeFactory

CONTENT = {
    "overall_rag": "green",
    "schedule_rag": "green",
    "finance_rag": "amber",
    "risk_rag": "green",
    "commentary": "On plan.",
}


@pytest.fixture
def approved(system):
    programme = ProgrammeFactory(system=system, code="uec")
    return HighlightReportFactory(programme=programme, month=dt.date(2025, 5, 1), approved=True)


def test_the_actions_refuse_to_change_an_approved_report(approved, member):
    pmo = member("pmo")
    with pytest.raises(rules.ReportLocked):
        actions.change_report(by=pmo, report=approved, **CONTENT)
    with pytest.raises(rules.ReportLocked):
        actions.approve_report(by=pmo, report=approved)
    with pytest.raises(rules.ReportLocked):
        actions.submit_report(by=pmo, report=approved)
    approved.refresh_from_db()
    assert approved.commentary != "On plan." and approved.version == 1


def test_the_page_refuses_to_edit_an_approved_report(approved, signed_in, member, system):
    client = signed_in(member("pmo"))
    url = reverse("programmes:report-edit", args=[system.code, "uec", approved.month_slug])
    assert client.get(url).status_code == 403
    assert client.post(url, CONTENT).status_code == 403
    approved.refresh_from_db()
    assert approved.commentary != "On plan."
    page = client.get(reverse("programmes:report", args=[system.code, "uec", approved.month_slug]))
    assert b"Change the report" not in page.content and b"This report is locked" in page.content
    assert b"Approve and lock" not in page.content
    assert b'nhsuk-tag nhsuk-tag--orange">Amber' in page.content  # the finance rating


def test_a_draft_is_written_submitted_and_approved_through_the_pages(signed_in, member, system):
    programme = ProgrammeFactory(system=system, code="stroke")
    month = dt.date.today().replace(day=1)
    slug = f"{month:%Y-%m}"
    client = signed_in(member("pmo"))
    new = reverse("programmes:report-new", args=[system.code, "stroke"])
    bad = client.post(new, {**CONTENT, "month": "2030-01"})
    assert b"Choose a month from the list" in bad.content
    assert client.post(new, {**CONTENT, "month": slug}).status_code == 302
    again = client.post(new, {**CONTENT, "month": slug})
    assert b"Every month up to this one has a report" in again.content
    page_url = reverse("programmes:report", args=[system.code, "stroke", slug])
    draft = client.get(page_url)
    assert b"Submit for approval" in draft.content and b"Approve and lock" not in draft.content
    client.post(reverse("programmes:report-submit", args=[system.code, "stroke", slug]))
    submitted = client.get(page_url)
    assert b"Submit for approval" not in submitted.content
    assert b"someone else must approve it" in submitted.content
    resubmit = client.post(
        reverse("programmes:report-submit", args=[system.code, "stroke", slug]), follow=True
    )
    assert b"A submitted for approval report cannot be submitted." in resubmit.content
    approver = signed_in(member("pmo"))
    assert b"Approve and lock" in approver.get(page_url).content
    approver.post(reverse("programmes:report-approve", args=[system.code, "stroke", slug]))
    assert queries.report(system, programme.code, slug).locked


def test_every_change_is_kept_as_a_version(system, member):
    pmo = member("pmo")
    programme = ProgrammeFactory(system=system, code="digital")
    month = dt.date(2031, 5, 1)
    report = actions.write_report(by=pmo, programme=programme, month=month, **CONTENT)
    report = actions.change_report(by=pmo, report=report, **{**CONTENT, "commentary": "Late."})
    report = actions.submit_report(by=pmo, report=report)
    approver = member("pmo")
    report = actions.approve_report(by=approver, report=report)
    history = queries.history(report)
    assert [(v.version, v.action) for v in history] == [
        (2, "approved"),
        (2, "submitted"),
        (2, "changed"),
        (1, "created"),
    ]
    assert history[-1].content["commentary"] == "On plan."
    assert history[0].content["commentary"] == "Late."
    assert report.approved_by == str(approver) and report.locked
    actions_done = set(
        AuditEvent.objects.filter(subject=audit.subject(report)).values_list("action", flat=True)
    )
    assert {"programmes.report_created", "programmes.report_approved"} <= actions_done


def test_a_second_report_for_the_same_month_is_refused(approved, member):
    with pytest.raises(ValidationError):
        actions.write_report(
            by=member("pmo"), programme=approved.programme, month=approved.month, **CONTENT
        )


def test_the_report_downloads_as_pdf(approved, signed_in, member, system):
    url = reverse("programmes:report-pdf", args=[system.code, "uec", approved.month_slug])
    response = signed_in(member("analyst")).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        response["Content-Disposition"] == f'attachment; filename="uec-{approved.month_slug}.pdf"'
    )


def test_the_quarterly_return_is_assembled_and_downloads_as_pdf(
    approved, signed_in, member, system
):
    quarter = Quarter.of(approved.month)
    BenefitMonthFactory(
        benefit__programme=approved.programme, month=approved.month, planned_pence=250
    )
    client = signed_in(member("regulator"))
    page = client.get(reverse("programmes:quarterly", args=[system.code, quarter.slug]))
    ret = page.context["ret"]
    assert not ret.complete  # April and June are not approved
    (row,) = ret.programmes
    assert row.latest == approved and row.missing_months == [0, 2]
    html = page.content.decode()
    assert approved.commentary in html and 'id="incomplete"' in html
    assert '<span class="er-nowrap">£3</span>' in html  # 250p, the one money format
    pdf = client.get(reverse("programmes:quarterly-pdf", args=[system.code, quarter.slug]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
