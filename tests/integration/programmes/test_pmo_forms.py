"""A programme's plan is added and changed in the pages (no spreadsheet needed): projects,
milestones, benefits and their months, dependencies. Each form works without JavaScript, each save
is one audited action, and what the data refuses is named against its field. A programme's status
cannot contradict its latest approved rating."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.programmes import rules
from engineroom.programmes.models import Benefit, BenefitMonth, Dependency, Milestone, Project
from factories.programmes import (
    HighlightReportFactory,
    MilestoneFactory,
    ProgrammeFactory,
    ProjectFactory,
)
from factories.system import SystemFactory, organisation_in

START, END = dt.date(2026, 4, 1), dt.date(2027, 3, 31)


@pytest.fixture
def programme(system):
    return ProgrammeFactory(system=system, code="stroke", name="Stroke")


@pytest.fixture
def project(programme):
    return ProjectFactory(
        programme=programme,
        code="stroke-1",
        name="Hyper-acute unit",
        start_date=START,
        end_date=END,
    )


@pytest.fixture
def pmo(signed_in, member):
    return signed_in(member("pmo"))


def actions_on(obj) -> list[str]:
    subject = f"{obj._meta.label_lower}:{obj.pk}"
    return list(AuditEvent.objects.filter(subject=subject).values_list("action", flat=True))


def test_a_project_is_added_and_changed_through_the_pages(pmo, programme, system):
    url = reverse("programmes:project-new", args=[system.code, "stroke"])
    fields = {
        "code": "stroke-2",
        "name": "Early supported discharge",
        "lead": "A Lead",
        "status": "on_track",
        "percent_complete": "10",
        "start_date": "2026-04-01",
        "end_date": "2026-03-01",
    }
    backwards = pmo.post(url, fields)
    assert backwards.status_code == 200
    assert backwards.context["form"].errors["end_date"] == [
        "The end date must be on or after the start date."
    ]
    assert pmo.post(url, {**fields, "end_date": "2027-03-31"}).status_code == 302
    made = Project.objects.get(programme=programme, code="stroke-2")
    assert actions_on(made) == ["programmes.project_created"]
    again = pmo.post(url, {**fields, "end_date": "2027-03-31"})
    assert again.context["form"].errors["code"] == [
        "Another project of this programme already uses this code."
    ]
    edit = reverse("programmes:project", args=[system.code, "stroke", made.pk])
    assert pmo.post(edit, {**fields, "end_date": "2027-06-30", "name": "ESD"}).status_code == 302
    made.refresh_from_db()
    assert made.name == "ESD" and made.end_date == dt.date(2027, 6, 30)
    assert actions_on(made) == ["programmes.project_created", "programmes.project_updated"]


def test_a_project_cannot_shrink_away_from_its_milestones(pmo, project, system):
    MilestoneFactory(project=project, name="Go live", baseline_date=dt.date(2027, 1, 15))
    edit = reverse("programmes:project", args=[system.code, "stroke", project.pk])
    shrunk = pmo.post(
        edit,
        {
            "code": project.code,
            "name": project.name,
            "status": "on_track",
            "percent_complete": "0",
            "start_date": "2026-04-01",
            "end_date": "2026-12-31",
        },
    )
    assert shrunk.context["form"].errors["end_date"] == [
        "These milestones would fall outside the project: Go live."
    ]


def test_a_milestone_is_due_within_its_project(pmo, project, system):
    url = reverse("programmes:milestone-new", args=[system.code, "stroke", project.pk])
    page = pmo.get(url)
    assert page.status_code == 200 and b"Hyper-acute unit" in page.content
    outside = pmo.post(url, {"name": "Go live", "baseline_date": "2027-05-01"})
    assert outside.status_code == 200
    assert outside.context["form"].errors["baseline_date"] == [
        "The due date must be within the project (1 April 2026 to 31 March 2027)."
    ]
    assert b'href="#id_baseline_date"' in outside.content  # the error summary links to it
    future = pmo.post(
        url, {"name": "Go live", "baseline_date": "2026-06-01", "actual_date": "2099-01-01"}
    )
    assert "actual_date" in future.context["form"].errors
    assert pmo.post(url, {"name": "Go live", "baseline_date": "2027-01-15"}).status_code == 302
    made = Milestone.objects.get(project=project, name="Go live")
    assert made.forecast_date == made.baseline_date == dt.date(2027, 1, 15)
    assert actions_on(made) == ["programmes.milestone_created"]


def test_a_milestone_is_renamed_and_reforecast_but_not_before_its_project(pmo, project, system):
    m = MilestoneFactory(project=project, name="Go live", baseline_date=dt.date(2027, 1, 15))
    url = reverse("programmes:milestone", args=[system.code, "stroke", m.pk])
    early = pmo.post(url, {"name": "", "forecast_date": "2026-01-01"})
    assert early.context["form"].errors["forecast_date"] == [
        "The forecast date cannot be before the project starts (1 April 2026)."
    ]
    assert pmo.post(url, {"name": "Unit opens", "forecast_date": "2027-02-01"}).status_code == 302
    m.refresh_from_db()
    assert m.name == "Unit opens" and m.baseline_date == dt.date(2027, 1, 15)


def test_a_dependency_on_its_own_project_is_refused(pmo, project, system):
    own = MilestoneFactory(project=project, name="Business case")
    other = MilestoneFactory(project__programme__system=system, name="Record live")
    url = reverse("programmes:dependency-new", args=[system.code])
    fields = {"dependent": project.pk, "needed_by": "2027-01-01", "description": "Needs it"}
    itself = pmo.post(url, {**fields, "milestone": own.pk})
    assert itself.context["form"].errors["milestone"] == [
        "A project cannot depend on its own milestone: choose another project's."
    ]
    assert not Dependency.objects.exists()
    assert pmo.post(url, {**fields, "milestone": other.pk}).status_code == 302
    made = Dependency.objects.get()
    assert actions_on(made) == ["programmes.dependency_created"]
    twice = pmo.post(url, {**fields, "milestone": other.pk})
    assert twice.context["form"].errors["milestone"] == [
        "This project already waits on that milestone."
    ]
    edit = reverse("programmes:dependency", args=[system.code, made.pk])
    moved = pmo.post(edit, {**fields, "milestone": own.pk})
    assert "milestone" in moved.context["form"].errors
    assert (
        pmo.post(edit, {**fields, "milestone": other.pk, "needed_by": "2027-02-01"}).status_code
        == 302
    )
    made.refresh_from_db()
    assert made.needed_by == dt.date(2027, 2, 1)


def test_a_milestone_of_another_system_cannot_be_chosen(pmo, project, system):
    elsewhere = MilestoneFactory(project__programme__system=SystemFactory())
    url = reverse("programmes:dependency-new", args=[system.code])
    page = pmo.post(
        url, {"dependent": project.pk, "milestone": elsewhere.pk, "needed_by": "2027-01-01"}
    )
    assert page.status_code == 200 and "milestone" in page.context["form"].errors
    assert not Dependency.objects.exists()


def test_a_benefit_and_its_months_are_recorded(pmo, programme, system):
    partner = organisation_in(system)
    stranger = organisation_in(SystemFactory())
    url = reverse("programmes:benefit-new", args=[system.code, "stroke"])
    fields = {"description": "Fewer bed days", "cash_releasing": "on"}
    foreign = pmo.post(url, {**fields, "organisation": stranger.pk})
    assert "organisation" in foreign.context["form"].errors
    assert pmo.post(url, {**fields, "organisation": partner.pk}).status_code == 302
    benefit = Benefit.objects.get(programme=programme)
    assert benefit.organisation == partner and benefit.cash_releasing
    month_url = reverse("programmes:benefit-month", args=[system.code, "stroke", benefit.pk])
    amounts = {"planned_pence": "£1,200", "forecast_pence": "1000", "delivered_pence": "900.50"}
    bad = pmo.post(month_url, {**amounts, "month": "May"})
    assert bad.context["form"].errors["month"] == [
        "Enter the month as year and month, like 2026-04."
    ]
    future = f"{dt.date.today().year + 1}-01"
    ahead = pmo.post(month_url, {**amounts, "month": future})
    assert ahead.context["form"].errors["delivered_pence"] == [
        "Nothing can be delivered in a month that has not started."
    ]
    assert pmo.post(month_url, {**amounts, "month": "2026-04"}).status_code == 302
    row = BenefitMonth.objects.get(benefit=benefit)
    assert (row.planned_pence, row.forecast_pence, row.delivered_pence) == (120000, 100000, 90050)
    assert actions_on(benefit) == [
        "programmes.benefit_created",
        "programmes.benefit_month_recorded",
    ]


def test_a_status_that_contradicts_the_latest_rating_is_refused(pmo, programme, system):
    HighlightReportFactory(
        programme=programme, month=dt.date(2026, 5, 1), approved=True, overall_rag="red"
    )
    url = reverse("programmes:programme-edit", args=[system.code, "stroke"])
    page = pmo.get(url)
    fields = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    fields["ltp_areas"] = programme.ltp_areas
    fields.update(status="on_track", percent_complete="40")
    refused = pmo.post(url, fields)
    assert refused.context["form"].errors["status"] == [
        "The latest approved report rates the programme Red, so its status is off track: change"
        " the rating in a new report first."
    ]
    assert pmo.post(url, {**fields, "status": "off_track"}).status_code == 302


def test_the_status_follows_the_rating():
    assert [rules.status_for("on_track", rag) for rag in ("green", "amber", "red")] == [
        "on_track",
        "at_risk",
        "off_track",
    ]
    assert rules.status_for("complete", "red") == "complete"
    assert rules.status_problem("on_track", "red") and not rules.status_problem("off_track", "red")
    assert not rules.status_problem("on_track", "")
