"""Reading the portfolio, always within one system: the registers, one object by its address
(404 outside the system), benefits rolled up, the portfolio, the dependency map and what is
escalated; the quarterly assurance return assembled from approved monthly reports (S10)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from engineroom.programmes import rules
from engineroom.programmes.models import (
    RAG,
    BenefitMonth,
    Dependency,
    Escalation,
    HighlightReport,
    ImportBatch,
    Issue,
    IssueStatus,
    Milestone,
    Programme,
    Project,
    ReportStatus,
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


# --- Benefits and the portfolio ------------------------------------------------------------


@dataclass
class Money:
    """Planned, forecast and delivered value, in pence."""

    planned: int = 0
    forecast: int = 0
    delivered: int = 0

    def add(self, planned: int, forecast: int, delivered: int) -> None:
        self.planned += planned
        self.forecast += forecast
        self.delivered += delivered


@dataclass
class BenefitsRollup:
    total: Money = field(default_factory=Money)
    cash_releasing: Money = field(default_factory=Money)
    by_programme: dict = field(default_factory=lambda: defaultdict(Money))
    by_organisation: dict = field(default_factory=lambda: defaultdict(Money))
    by_month: dict = field(default_factory=lambda: defaultdict(Money))


def benefits_rollup(system: System, *, programme=None, months=None) -> BenefitsRollup:
    """Planned, forecast and delivered benefits rolled up to programme, organisation, system."""
    rows = BenefitMonth.objects.filter(benefit__programme__system=system)
    if programme is not None:
        rows = rows.filter(benefit__programme=programme)
    if months is not None:
        rows = rows.filter(month__in=months)
    rollup = BenefitsRollup()
    grouped = rows.values(
        "benefit__programme__name",
        "benefit__organisation__name",
        "benefit__cash_releasing",
        "month",
    ).annotate(p=Sum("planned_pence"), f=Sum("forecast_pence"), d=Sum("delivered_pence"))
    for g in grouped:
        values = (g["p"], g["f"], g["d"])
        rollup.total.add(*values)
        if g["benefit__cash_releasing"]:
            rollup.cash_releasing.add(*values)
        rollup.by_programme[g["benefit__programme__name"]].add(*values)
        rollup.by_organisation[g["benefit__organisation__name"] or "Whole system"].add(*values)
        rollup.by_month[g["month"]].add(*values)
    rollup.by_month = dict(sorted(rollup.by_month.items()))
    rollup.by_programme = dict(rollup.by_programme)  # plain dicts for templates
    rollup.by_organisation = dict(sorted(rollup.by_organisation.items()))
    return rollup


@dataclass
class PortfolioRow:
    programme: Programme
    latest: HighlightReport | None
    benefits: Money
    open_risks: int
    worst_score: int
    overdue_reviews: int
    late_milestones: int


def latest_approved(system: System) -> dict[int, HighlightReport]:
    """Each programme's latest approved report, by programme id."""
    latest = {}
    approved = reports_in(system).filter(status=ReportStatus.APPROVED)
    for r in approved.order_by("programme_id", "-month"):
        latest.setdefault(r.programme_id, r)
    return latest


def portfolio(system: System, *, area: str = "", on: dt.date | None = None) -> list[PortfolioRow]:
    """One row per programme: latest approved report, benefits, risks and late milestones."""
    on = on or dt.date.today()
    programmes = list(programmes_in(system))
    if area:
        programmes = [p for p in programmes if area in p.ltp_areas]
    latest = latest_approved(system)
    benefits = benefits_rollup(system).by_programme
    risks = defaultdict(list)
    for r in risks_in(system).filter(status=RiskStatus.OPEN):
        risks[r.programme_id].append(r)
    late = defaultdict(int)
    for m in milestones_in(system):
        if m.is_late(on):
            late[m.project.programme_id] += 1
    return [
        PortfolioRow(
            programme=p,
            latest=latest.get(p.pk),
            benefits=benefits.get(p.name, Money()),
            open_risks=len(risks[p.pk]),
            worst_score=max((r.current_score for r in risks[p.pk]), default=0),
            overdue_reviews=sum(r.review_overdue(on) for r in risks[p.pk]),
            late_milestones=late[p.pk],
        )
        for p in programmes
    ]


def resources(programme: Programme) -> dict:
    """Engine-room posts working on a programme: titles, bands and WTE (no names)."""
    posts = list(programme.posts.order_by("title"))
    return {"posts": posts, "wte": sum((p.wte for p in posts), start=0)}


# --- Dependencies --------------------------------------------------------------------------


@dataclass
class MapEdge:
    dependency: Dependency
    source: Programme  # the programme whose milestone is awaited
    target: Programme  # the programme that waits
    broken: bool


@dataclass
class DependencyMap:
    programmes: list[Programme]
    edges: list[MapEdge]

    @property
    def broken(self) -> list[MapEdge]:
        return [e for e in self.edges if e.broken]


def dependency_map(system: System, *, on: dt.date | None = None) -> DependencyMap:
    """Every programme, and an edge for each project dependency between programmes."""
    on = on or dt.date.today()
    dependencies = Dependency.objects.filter(dependent__programme__system=system).select_related(
        "dependent__programme", "milestone__project__programme"
    )
    edges = [
        MapEdge(
            dependency=d,
            source=d.milestone.project.programme,
            target=d.dependent.programme,
            broken=d.is_broken(on),
        )
        for d in dependencies
    ]
    return DependencyMap(list(programmes_in(system)), edges)


# --- The quarterly assurance return --------------------------------------------------------


@dataclass
class ProgrammeReturn:
    programme: Programme
    months: list[HighlightReport | None]  # the approved report of each month of the quarter
    latest: HighlightReport | None
    benefits: Money
    top_risks: list[Risk]
    open_issues: list[Issue]

    @property
    def missing_months(self) -> list[int]:
        return [i for i, r in enumerate(self.months) if r is None]

    @property
    def worst_overall(self) -> str:
        return rules.worst(r.overall_rag for r in self.months if r)

    @property
    def decisions_needed(self) -> str:
        return self.latest.decisions_needed if self.latest else ""


@dataclass
class QuarterlyReturn:
    system: System
    quarter: periods.Quarter
    programmes: list[ProgrammeReturn]
    benefits: Money
    escalated_risks: list[Risk]

    @property
    def complete(self) -> bool:
        return all(not p.missing_months for p in self.programmes)

    def rag_counts(self) -> dict[str, int]:
        counts = {rag.value: 0 for rag in RAG}
        for p in self.programmes:
            if p.latest:
                counts[p.latest.overall_rag] += 1
        return counts


def quarter_from(slug: str) -> periods.Quarter:
    """The quarter written ``2025-26-q1``; 404 otherwise."""
    try:
        return periods.Quarter.parse(slug)
    except ValueError as error:
        raise Http404("No such quarter.") from error


def quarterly_return(system: System, quarter: periods.Quarter) -> QuarterlyReturn:
    """Assemble the return from approved monthly reports, benefits and risks: nothing retyped."""
    months = quarter.months
    approved = {
        (r.programme_id, r.month): r
        for r in reports_in(system).filter(month__in=months, status=ReportStatus.APPROVED)
    }
    rollup = benefits_rollup(system, months=months)
    risks = list(risks_in(system).filter(status=RiskStatus.OPEN))
    issues = list(issues_in(system).filter(status=IssueStatus.OPEN))
    rows = []
    for p in programmes_in(system):
        monthly = [approved.get((p.pk, m)) for m in months]
        mine = sorted((r for r in risks if r.programme_id == p.pk), key=lambda r: -r.current_score)
        rows.append(
            ProgrammeReturn(
                programme=p,
                months=monthly,
                latest=next((r for r in reversed(monthly) if r), None),
                benefits=rollup.by_programme.get(p.name, Money()),
                top_risks=mine[:3],
                open_issues=[i for i in issues if i.programme_id == p.pk],
            )
        )
    return QuarterlyReturn(
        system=system,
        quarter=quarter,
        programmes=rows,
        benefits=rollup.total,
        escalated_risks=[r for r in risks if r.escalation == Escalation.SYSTEM],
    )


def quarters_with_reports(system: System) -> list[periods.Quarter]:
    months = reports_in(system).dates("month", "month")
    return sorted({periods.Quarter.of(m) for m in months}, key=lambda q: q.slug, reverse=True)
