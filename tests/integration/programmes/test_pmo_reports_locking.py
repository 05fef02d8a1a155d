"""An approved highlight report cannot be changed, through the page or the service; every saved
state is kept."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.programmes import reports
from engineroom.programmes.models import HighlightReport, Programme

MAIN = "vale-downs"
CONTENT = {
    "overall_rag": "green",
    "schedule_rag": "green",
    "finance_rag": "amber",
    "risk_rag": "green",
    "commentary": "On plan.",
}


@pytest.fixture
def approved(main_system):
    return HighlightReport.objects.filter(
        programme__system=main_system, programme__code="uec", status="approved"
    ).first()


def test_the_service_refuses_to_change_an_approved_report(approved, user_for):
    with pytest.raises(reports.ReportLocked):
        reports.save_report(
            by=user_for("pmo"),
            programme=approved.programme,
            month=approved.month,
            report=approved,
            **CONTENT,
        )
    with pytest.raises(reports.ReportLocked):
        reports.approve_report(by=user_for("pmo"), report=approved)
    approved.refresh_from_db()
    assert approved.commentary != "On plan."


def test_the_page_refuses_to_edit_an_approved_report(approved, client_for):
    client = client_for("pmo")
    url = reverse("programmes:report-edit", args=[MAIN, "uec", approved.month_slug])
    assert client.get(url).status_code == 403
    assert client.post(url, CONTENT).status_code == 403
    approved.refresh_from_db()
    assert approved.commentary != "On plan."
    page = client.get(reverse("programmes:report", args=[MAIN, "uec", approved.month_slug]))
    assert b"Change the report" not in page.content and b"This report is locked" in page.content


def test_every_change_is_kept_as_a_version(main_system, user_for):
    pmo = user_for("pmo")
    programme = Programme.objects.get(system=main_system, code="digital")
    month = dt.date(2031, 5, 1)
    report = reports.save_report(by=pmo, programme=programme, month=month, **CONTENT)
    report = reports.save_report(
        by=pmo,
        programme=programme,
        month=month,
        report=report,
        **{**CONTENT, "commentary": "Late."},
    )
    report = reports.submit_report(by=pmo, report=report)
    report = reports.approve_report(by=pmo, report=report)
    history = reports.history(report)
    assert [(v.version, v.action) for v in history] == [
        (2, "approved"),
        (2, "submitted"),
        (2, "changed"),
        (1, "created"),
    ]
    assert history[-1].content["commentary"] == "On plan."
    assert history[0].content["commentary"] == "Late."
    assert report.approved_by == str(pmo) and report.locked
    actions = set(
        AuditEvent.objects.filter(subject=f"report:{report.pk}").values_list("action", flat=True)
    )
    assert {"programmes.report_created", "programmes.report_approved"} <= actions


def test_a_second_report_for_the_same_month_is_refused(approved, user_for):
    with pytest.raises(ValidationError):
        reports.save_report(
            by=user_for("pmo"), programme=approved.programme, month=approved.month, **CONTENT
        )


def test_the_report_downloads_as_pdf(approved, client_for):
    url = reverse("programmes:report-pdf", args=[MAIN, "uec", approved.month_slug])
    response = client_for("analyst").get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
