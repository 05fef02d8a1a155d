"""A monthly report starts filled in from the last report and the programme's milestones, open
risks and benefits; its month picker offers only the months due; whoever wrote or changed a report
cannot approve it (the refusal is audited); approval brings the programme's status in step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.programmes import actions, queries, rules
from engineroom.programmes.models import Programme
from engineroom.web.periods import add_months
from factories.programmes import (
    BenefitMonthFactory,
    HighlightReportFactory,
    MilestoneFactory,
    ProgrammeFactory,
    ProjectFactory,
    RiskFactory,
)

THIS_MONTH = dt.date.today().replace(day=1)
CONTENT = {
    "overall_rag": "red",
    "schedule_rag": "red",
    "finance_rag": "amber",
    "risk_rag": "red",
    "commentary": "Go-live slipped.",
}


@pytest.fixture
def programme(system):
    programme = ProgrammeFactory(system=system, code="stroke", name="Stroke")
    ProjectFactory(
        programme=programme,
        name="Hyper-acute unit",
        start_date=add_months(THIS_MONTH, -3),
        end_date=add_months(THIS_MONTH, 12),
    )
    return programme


def test_the_month_picker_offers_only_the_months_due(signed_in, member, programme, system):
    HighlightReportFactory(programme=programme, month=add_months(THIS_MONTH, -2))
    due = [THIS_MONTH, add_months(THIS_MONTH, -1), add_months(THIS_MONTH, -3)]
    assert queries.due_months(programme) == due
    page = signed_in(member("pmo")).get(
        reverse("programmes:report-new", args=[system.code, "stroke"])
    )
    offered = [value for value, _ in page.context["form"].fields["month"].widget.choices]
    assert offered == [f"{m:%Y-%m}" for m in due]
    future = signed_in(member("pmo")).post(
        reverse("programmes:report-new", args=[system.code, "stroke"]),
        {**CONTENT, "month": f"{add_months(THIS_MONTH, 1):%Y-%m}"},
    )
    assert "Choose a month from the list" in future.context["form"].errors["month"][0]


def test_a_new_report_starts_from_the_last_one_and_the_plan(signed_in, member, programme, system):
    last = add_months(THIS_MONTH, -1)
    HighlightReportFactory(
        programme=programme,
        month=last,
        approved=True,
        commentary="Recruitment is the worry.",
        next_steps="Recruit two nurses.",
        decisions_needed="Agree the capital bid.",
    )
    project = programme.projects.get()
    MilestoneFactory(
        project=project,
        name="Go live",
        baseline_date=add_months(THIS_MONTH, 1),
        forecast_date=add_months(THIS_MONTH, 3),
    )
    MilestoneFactory(
        project=project,
        name="Business case approved",
        baseline_date=last,
        forecast_date=last,
        actual_date=THIS_MONTH,  # late, but achieved since the last report
    )
    RiskFactory(programme=programme, current_likelihood=5, current_impact=4, title="No nurses")
    BenefitMonthFactory(
        benefit__programme=programme, month=last, planned_pence=100_000, delivered_pence=80_000
    )
    page = signed_in(member("pmo")).get(
        reverse("programmes:report-new", args=[system.code, "stroke"])
    )
    initial = page.context["form"].initial
    assert initial["month"] == f"{THIS_MONTH:%Y-%m}"
    assert (initial["schedule_rag"], initial["risk_rag"], initial["finance_rag"]) == (
        "red",
        "red",
        "red",
    )
    assert initial["overall_rag"] == "red"
    assert (
        "Milestones: 1 of 2 on schedule; late: Go live (Hyper-acute unit)" in initial["commentary"]
    )
    assert (
        "the highest R" in initial["commentary"]
        and "No nurses (score 20, extreme)" in (initial["commentary"])
    )
    assert "£800 delivered of £1,000 planned (80%)" in initial["commentary"]
    assert f"From the {last:%B %Y} report: Recruitment is the worry." in initial["commentary"]
    assert initial["achievements"].startswith("Business case approved (Hyper-acute unit)")
    assert initial["next_steps"].startswith("Go live (Hyper-acute unit), forecast")
    assert initial["decisions_needed"] == "Agree the capital bid."
    html = page.content.decode()
    assert "Recruitment is the worry." in html and "Filled in from the last report" in html


def test_with_no_month_due_there_is_nothing_to_write(signed_in, member, system):
    programme = ProgrammeFactory(system=system, code="uec")
    HighlightReportFactory(programme=programme, month=THIS_MONTH)
    page = signed_in(member("pmo")).get(reverse("programmes:report-new", args=[system.code, "uec"]))
    assert b"Every month up to this one has a report" in page.content
    assert b"Save as draft" not in page.content


def test_the_author_cannot_approve_their_own_report(signed_in, member, programme, system):
    author, approver = member("pmo"), member("pmo")
    report = actions.write_report(by=author, programme=programme, month=THIS_MONTH, **CONTENT)
    actions.submit_report(by=author, report=report)
    with pytest.raises(rules.SelfApproval, match="so someone else must approve it"):
        actions.approve_report(by=author, report=report)
    report.refresh_from_db()
    assert not report.locked
    refusal = AuditEvent.objects.get(action="programmes.report_approval_refused")
    assert refusal.actor_id == author.pk and "someone else must approve it" in refusal.reason
    url = reverse("programmes:report", args=[system.code, "stroke", report.month_slug])
    page = signed_in(author).get(url)
    assert b"Approve and lock" not in page.content and b"someone else must" in page.content
    refused = signed_in(author).post(
        reverse("programmes:report-approve", args=[system.code, "stroke", report.month_slug]),
        follow=True,
    )
    assert b"so someone else must approve it" in refused.content
    assert AuditEvent.objects.filter(action="programmes.report_approval_refused").count() == 2
    assert b"Approve and lock" in signed_in(approver).get(url).content
    actions.approve_report(by=approver, report=report)
    report.refresh_from_db()
    assert report.locked and report.approved_by == str(approver)
    assert Programme.objects.get(pk=programme.pk).status == "off_track"  # red means off track


def test_whoever_changed_a_report_cannot_approve_it_either(member, programme):
    author, editor, approver = member("pmo"), member("pmo"), member("pmo")
    report = actions.write_report(by=author, programme=programme, month=THIS_MONTH, **CONTENT)
    actions.change_report(by=editor, report=report, **{**CONTENT, "commentary": "Better."})
    for wrote in (author, editor):
        with pytest.raises(rules.SelfApproval):
            actions.approve_report(by=wrote, report=report)
    assert actions.approve_report(by=approver, report=report).locked


def test_may_approve_is_a_plain_rule():
    assert rules.may_approve(3, {1, 2}) and not rules.may_approve(1, {1, 2})
    assert not rules.may_approve(None, set())
