"""Reading the registers and single objects of the portfolio, always within one system (404
outside it), and filtering risks."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from engineroom.programmes import rules
from engineroom.programmes.models import (
    BenefitMonth,
    Escalation,
    HighlightReport,
    ImportBatch,
    Issue,
    IssueStatus,
    Milestone,
    Programme,
    Project,
    ReportVersion,
    Risk,
    RiskStatus,
)
from engineroom.system.models import System
from engineroom.web import periods

# --- The registers and single objects ------------------------------------------------------


def programmes_in(system: System) -> QuerySet[Programme]:
    return Programme.objects.filter(system=system)


def programme(system: System, code: str) -> Programme:
    return get_object_or_404(programmes_in(system), code=code)


def code_taken(system: System, code: str, *, other_than: Programme | None = None) -> bool:
    """Whether another programme of the system already uses ``code``."""
    others = programmes_in(system).filter(code=code)
    if other_than is not None and other_than.pk:
        others = others.exclude(pk=other_than.pk)
    return others.exists()


def projects_of(programme: Programme) -> QuerySet[Project]:
    return programme.projects.prefetch_related("milestones")


def document(system: System) -> QuerySet[Programme]:
    """Every programme with its plan, risks and issues, for the single project document."""
    return programmes_in(system).prefetch_related("projects__milestones", "risks", "issues")


def milestones_in(system: System) -> QuerySet[Milestone]:
    return Milestone.objects.filter(project__programme__system=system).select_related(
        "project__programme"
    )


def milestone(system: System, code: str, pk: int) -> Milestone:
    return get_object_or_404(milestones_in(system), project__programme__code=code, pk=pk)


def risks_in(system: System) -> QuerySet[Risk]:
    return Risk.objects.filter(programme__system=system).select_related("programme")


def risk(system: System, pk: int) -> Risk:
    return get_object_or_404(risks_in(system), pk=pk)


def issues_in(system: System) -> QuerySet[Issue]:
    return Issue.objects.filter(programme__system=system).select_related("programme", "from_risk")


def benefit_months_in(system: System) -> QuerySet[BenefitMonth]:
    return (
        BenefitMonth.objects.filter(benefit__programme__system=system)
        .select_related("benefit__programme", "benefit__organisation")
        .order_by("benefit__programme__name", "benefit__description", "month")
    )


def reports_in(system: System) -> QuerySet[HighlightReport]:
    return HighlightReport.objects.filter(programme__system=system).select_related("programme")


def report(system: System, code: str, month: str) -> HighlightReport:
    """The report of programme ``code`` for ``month`` (``2025-04``); 404 if there is none."""
    try:
        first = periods.parse_month(month)
    except ValueError as error:
        raise Http404("No such month.") from error
    return get_object_or_404(reports_in(system), programme__code=code, month=first)


def history(report: HighlightReport) -> list[ReportVersion]:
    """Every saved state of a report, newest first."""
    return list(report.versions.order_by("-version", "-saved_at", "-pk"))


def import_batch(system: System, pk: int, *, uploaded_by) -> ImportBatch:
    """An upload held for preview: only the person who uploaded it may see or apply it."""
    return get_object_or_404(ImportBatch, pk=pk, system=system, uploaded_by=uploaded_by)


# --- Risks ---------------------------------------------------------------------------------


def filter_risks(
    risks, *, likelihood=None, impact=None, escalation="", programme=None, overdue=False, on=None
):
    if likelihood:
        risks = risks.filter(current_likelihood=likelihood)
    if impact:
        risks = risks.filter(current_impact=impact)
    if escalation:
        risks = risks.filter(escalation=escalation)
    if programme:
        risks = risks.filter(programme=programme)
    if overdue:
        risks = risks.filter(status=RiskStatus.OPEN, review_date__lt=on or dt.date.today())
    return risks


def risk_matrix(risks) -> list[list[rules.Cell]]:
    open_risks = risks.filter(status=RiskStatus.OPEN)
    return rules.matrix(open_risks.values_list("current_likelihood", "current_impact"))


def escalated_to_system(system: System) -> dict[str, QuerySet]:
    return {
        "risks": risks_in(system).filter(status=RiskStatus.OPEN, escalation=Escalation.SYSTEM),
        "issues": issues_in(system).filter(status=IssueStatus.OPEN, escalation=Escalation.SYSTEM),
    }
