"""Factories for the portfolio: programmes, projects, milestones, dependencies, benefits, risks,
issues, highlight reports with their versions, and import batches."""

from __future__ import annotations

import datetime as dt

import factory

from engineroom.programmes import models
from factories.accounts import UserFactory
from factories.system import SystemFactory

BASELINE = dt.date(2030, 1, 31)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Programme

    system = factory.SubFactory(SystemFactory)
    code = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")
    sro = "Dr Senior Owner"
    lead = "Programme Lead"
    board = factory.Sequence(lambda n: f"Programme board {n}")
    objectives = "Fewer avoidable admissions."
    ltp_areas = factory.LazyFunction(lambda: ["uec"])
    status = models.Status.ON_TRACK


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Project

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"project-{n}")
    name = factory.Sequence(lambda n: f"Project {n}")
    lead = "Project Lead"


class MilestoneFactory(factory.django.DjangoModelFactory):
    """On track: forecast on its baseline, far in the future."""

    class Meta:
        model = models.Milestone

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Milestone {n}")
    baseline_date = BASELINE
    forecast_date = factory.SelfAttribute("baseline_date")


class DependencyFactory(factory.django.DjangoModelFactory):
    """A project of another programme of the same system waits on a milestone, with time to spare."""

    class Meta:
        model = models.Dependency

    milestone = factory.SubFactory(MilestoneFactory)
    dependent = factory.SubFactory(
        ProjectFactory,
        programme=factory.SubFactory(
            ProgrammeFactory,
            system=factory.SelfAttribute("...milestone.project.programme.system"),
        ),
    )
    needed_by = factory.LazyAttribute(lambda d: d.milestone.forecast_date + dt.timedelta(days=30))
    description = "Needs the shared record live first."


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Benefit

    programme = factory.SubFactory(ProgrammeFactory)
    description = factory.Sequence(lambda n: f"Benefit {n}")
    organisation = None
    cash_releasing = True


class BenefitMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BenefitMonth

    benefit = factory.SubFactory(BenefitFactory)
    month = factory.Sequence(lambda n: dt.date(2025 + n // 12, n % 12 + 1, 1))
    planned_pence = 1_000_000
    forecast_pence = 900_000
    delivered_pence = 800_000


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Risk

    programme = factory.SubFactory(ProgrammeFactory)
    ref = factory.Sequence(lambda n: f"R{n:03d}")
    title = factory.Sequence(lambda n: f"Risk {n}")
    cause = "Vacancies in the specialist workforce"
    event = "Services cannot be staffed"
    effect = "Waiting times rise"
    owner = "Chief operating officer"
    inherent_likelihood = 4
    inherent_impact = 4
    current_likelihood = 3
    current_impact = 3
    target_likelihood = 2
    target_impact = 2
    review_date = dt.date(2030, 1, 1)
    escalation = models.Escalation.PROGRAMME


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Issue

    programme = factory.SubFactory(ProgrammeFactory)
    ref = factory.Sequence(lambda n: f"I{n:03d}")
    title = factory.Sequence(lambda n: f"Issue {n}")
    description = "The go-live slipped."
    owner = "Programme Lead"
    impact = 3
    raised_on = dt.date(2025, 4, 1)
    resolve_by = dt.date(2030, 1, 1)


class HighlightReportFactory(factory.django.DjangoModelFactory):
    """A draft report; ``approved=True`` gives an approved, locked one."""

    class Meta:
        model = models.HighlightReport

    class Params:
        approved = factory.Trait(
            status=models.ReportStatus.APPROVED,
            approved_by="Approver",
            approved_at=factory.LazyFunction(lambda: dt.datetime(2025, 5, 1, tzinfo=dt.UTC)),
        )

    programme = factory.SubFactory(ProgrammeFactory)
    month = factory.Sequence(lambda n: dt.date(2025 + n // 12, n % 12 + 1, 1))
    overall_rag = models.RAG.GREEN
    schedule_rag = models.RAG.GREEN
    finance_rag = models.RAG.AMBER
    risk_rag = models.RAG.GREEN
    commentary = factory.Sequence(lambda n: f"Commentary {n}: on plan.")
    decisions_needed = ""
    status = models.ReportStatus.DRAFT


class ReportVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportVersion

    report = factory.SubFactory(HighlightReportFactory)
    version = 1
    status = models.ReportStatus.DRAFT
    content = factory.LazyAttribute(lambda v: {"commentary": v.report.commentary})
    saved_by = "Programme office"
    saved_at = factory.LazyFunction(lambda: dt.datetime(2025, 5, 1, tzinfo=dt.UTC))
    action = "created"


class ImportBatchFactory(factory.django.DjangoModelFactory):
    """An uploaded risk log held for preview, with one row and (as the model needs something in
    each list to be valid) one problem; pass ``problems=[]`` for a clean one."""

    class Meta:
        model = models.ImportBatch

    system = factory.SubFactory(SystemFactory)
    kind = models.ImportKind.RISKS
    filename = "risks.csv"
    rows = factory.LazyFunction(lambda: [{"programme_code": "stroke", "ref": "R900"}])
    problems = factory.LazyFunction(
        lambda: [{"file": "risks.csv", "row": 2, "field": "title", "reason": "Enter a value."}]
    )
    uploaded_by = factory.SubFactory(UserFactory)
