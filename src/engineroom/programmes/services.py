"""The portfolio: writing programmes, projects, milestones, benefits, risks, issues and
dependencies (each in one transaction with an audit entry), and reading their roll-ups."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Sum

from engineroom.audit import actions as audit
from engineroom.programmes import scoring
from engineroom.programmes.models import (
    Benefit,
    BenefitMonth,
    Dependency,
    Escalation,
    HighlightReport,
    Issue,
    IssueStatus,
    Milestone,
    Programme,
    Project,
    ReportStatus,
    Risk,
    RiskStatus,
)
from engineroom.system.models import System


def _save(instance: models.Model, fields: dict, *, by, action: str, subject: str):
    """Apply ``fields``, validate, save and audit in one transaction."""
    created = instance.pk is None
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        audit.record(
            f"programmes.{action}_{'created' if created else 'updated'}",
            subject.format(instance=instance),
            by=by,
            details={k: str(v) for k, v in fields.items()},
        )
    return instance


def save_programme(*, by, system: System, programme: Programme | None = None, **fields):
    programme = programme or Programme(system=system)
    if programme.system_id != system.pk:
        raise ValidationError("That programme belongs to another system.")
    return _save(programme, fields, by=by, action="programme", subject="programme:{instance.pk}")


def save_project(*, by, programme: Programme, project: Project | None = None, **fields):
    project = project or Project(programme=programme)
    return _save(project, fields, by=by, action="project", subject="project:{instance.pk}")


def save_milestone(*, by, project: Project, milestone: Milestone | None = None, **fields):
    milestone = milestone or Milestone(project=project)
    return _save(milestone, fields, by=by, action="milestone", subject="milestone:{instance.pk}")


def save_risk(*, by, programme: Programme, risk: Risk | None = None, **fields):
    """Add a risk to ``programme``, or change one (moving it to ``programme``)."""
    risk = risk or Risk(programme=programme)
    if programme.system_id != risk.programme.system_id:
        raise ValidationError("A risk can only move to a programme in the same system.")
    risk.programme = programme
    return _save(risk, fields, by=by, action="risk", subject="risk:{instance.pk}")


def save_issue(*, by, programme: Programme, issue: Issue | None = None, **fields):
    issue = issue or Issue(programme=programme)
    return _save(issue, fields, by=by, action="issue", subject="issue:{instance.pk}")


def save_dependency(*, by, dependent: Project, milestone: Milestone, needed_by, description=""):
    if dependent.programme.system_id != milestone.project.programme.system_id:
        raise ValidationError("A dependency must be between projects of the same system.")
    if dependent.pk == milestone.project_id:
        raise ValidationError("A project cannot depend on its own milestone.")
    dependency = Dependency(dependent=dependent, milestone=milestone)
    return _save(
        dependency,
        {"needed_by": needed_by, "description": description},
        by=by,
        action="dependency",
        subject="dependency:{instance.pk}",
    )


def save_benefit(*, by, programme: Programme, benefit: Benefit | None = None, **fields):
    benefit = benefit or Benefit(programme=programme)
    return _save(benefit, fields, by=by, action="benefit", subject="benefit:{instance.pk}")


def record_benefit_month(
    *, by, benefit: Benefit, month: dt.date, planned: int, forecast: int, delivered: int
) -> BenefitMonth:
    row = BenefitMonth.objects.filter(benefit=benefit, month=month).first() or BenefitMonth(
        benefit=benefit, month=month
    )
    return _save(
        row,
        {"planned_pence": planned, "forecast_pence": forecast, "delivered_pence": delivered},
        by=by,
        action="benefit_month",
        subject=f"benefit:{benefit.pk}",
    )


def next_ref(programme: Programme, prefix: str, model) -> str:
    count = model.objects.filter(programme=programme).count() + 1
    refs = set(model.objects.filter(programme=programme).values_list("ref", flat=True))
    while f"{prefix}{count:03d}" in refs:
        count += 1
    return f"{prefix}{count:03d}"


def risk_to_issue(*, by, risk: Risk, resolve_by: dt.date, on: dt.date | None = None) -> Issue:
    """The risk happened: open an issue from it and mark the risk as having become one."""
    if risk.status != RiskStatus.OPEN:
        raise ValidationError("Only an open risk can become an issue.")
    with transaction.atomic():
        issue = Issue(
            programme=risk.programme,
            ref=next_ref(risk.programme, "I", Issue),
            title=risk.title,
            description=f"{risk.event}\n\nCause: {risk.cause}\n\nEffect: {risk.effect}",
            owner=risk.owner,
            impact=risk.current_impact,
            actions=risk.mitigations,
            raised_on=on or dt.date.today(),
            resolve_by=resolve_by,
            escalation=risk.escalation,
            from_risk=risk,
        )
        issue.full_clean()
        issue.save()
        risk.status = RiskStatus.BECAME_ISSUE
        risk.save(update_fields=["status"])
        audit.record(
            "programmes.risk_became_issue",
            f"risk:{risk.pk}",
            by=by,
            details={"issue": issue.pk, "ref": issue.ref},
        )
    return issue


# --- Reading -------------------------------------------------------------------------------


def programmes_in(system: System):
    return Programme.objects.filter(system=system)


def risks_in(system: System):
    return Risk.objects.filter(programme__system=system).select_related("programme")


def issues_in(system: System):
    return Issue.objects.filter(programme__system=system).select_related("programme", "from_risk")


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


def risk_matrix(risks) -> list[list[scoring.Cell]]:
    open_risks = risks.filter(status=RiskStatus.OPEN)
    return scoring.matrix(open_risks.values_list("current_likelihood", "current_impact"))


@dataclass
class Money:
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


def portfolio(system: System, *, area: str = "", on: dt.date | None = None) -> list[PortfolioRow]:
    """One row per programme: latest approved report, benefits, risks and late milestones."""
    on = on or dt.date.today()
    programmes = list(programmes_in(system))
    if area:
        programmes = [p for p in programmes if area in p.ltp_areas]
    latest = {}
    for r in HighlightReport.objects.filter(
        programme__system=system, status=ReportStatus.APPROVED
    ).order_by("programme_id", "-month"):
        latest.setdefault(r.programme_id, r)
    benefits = benefits_rollup(system).by_programme
    risks = defaultdict(list)
    for r in risks_in(system).filter(status=RiskStatus.OPEN):
        risks[r.programme_id].append(r)
    late = defaultdict(int)
    for m in Milestone.objects.filter(project__programme__system=system).select_related("project"):
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


@dataclass
class MapNode:
    programme: Programme
    x: int
    y: int


@dataclass
class MapEdge:
    dependency: Dependency
    source: MapNode  # the programme whose milestone is awaited
    target: MapNode  # the programme that waits
    broken: bool


@dataclass
class DependencyMap:
    nodes: list[MapNode]
    edges: list[MapEdge]
    width: int
    height: int

    @property
    def broken(self) -> list[MapEdge]:
        return [e for e in self.edges if e.broken]


def dependency_map(system: System, *, on: dt.date | None = None) -> DependencyMap:
    """Programmes laid out on a grid with an edge for each project dependency between them."""
    on = on or dt.date.today()
    programmes = list(programmes_in(system))
    columns = 3
    nodes = {
        p.pk: MapNode(p, x=20 + (i % columns) * 300, y=20 + (i // columns) * 90)
        for i, p in enumerate(programmes)
    }
    dependencies = Dependency.objects.filter(Q(dependent__programme__system=system)).select_related(
        "dependent__programme", "milestone__project__programme"
    )
    edges = [
        MapEdge(
            dependency=d,
            source=nodes[d.milestone.project.programme_id],
            target=nodes[d.dependent.programme_id],
            broken=d.is_broken(on),
        )
        for d in dependencies
    ]
    rows = (len(programmes) + columns - 1) // columns
    return DependencyMap(list(nodes.values()), edges, width=columns * 300, height=rows * 90 + 20)


def escalated_to_system(system: System):
    return {
        "risks": risks_in(system).filter(status=RiskStatus.OPEN, escalation=Escalation.SYSTEM),
        "issues": issues_in(system).filter(status=IssueStatus.OPEN, escalation=Escalation.SYSTEM),
    }


def resources(programme: Programme) -> dict:
    """Engine-room posts working on a programme: titles, bands and WTE (no names)."""
    posts = list(programme.posts.order_by("title"))
    return {"posts": posts, "wte": sum((p.wte for p in posts), start=0)}
