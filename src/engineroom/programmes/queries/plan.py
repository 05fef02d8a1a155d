"""Reading a programme's plan for its forms (projects, benefits, dependencies, the organisations a
benefit may fall to), the months whose report is due, and the facts a new monthly report starts
from: the last report, the milestones, the open risks and the benefits delivered against plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404

from engineroom.programmes import rules
from engineroom.programmes.models import (
    Benefit,
    BenefitMonth,
    Dependency,
    HighlightReport,
    Milestone,
    Programme,
    Project,
    Risk,
    RiskStatus,
)
from engineroom.programmes.queries.registers import programmes_in
from engineroom.system.models import Organisation, System
from engineroom.web import formatting
from engineroom.web.periods import add_months

DUE_MONTHS_BACK = 24  # the month picker offers at most two years of missing reports
UPCOMING_MONTHS = 3  # milestones forecast within three months are the next steps


def projects_in(system: System) -> QuerySet[Project]:
    return Project.objects.filter(programme__system=system).select_related("programme")


def project(system: System, code: str, pk: int) -> Project:
    return get_object_or_404(projects_in(system), programme__code=code, pk=pk)


def benefits_of(programme: Programme) -> QuerySet[Benefit]:
    return programme.benefits.select_related("organisation").prefetch_related("months")


def benefit(system: System, code: str, pk: int) -> Benefit:
    benefits = Benefit.objects.filter(programme__system=system).select_related("programme")
    return get_object_or_404(benefits, programme__code=code, pk=pk)


def organisations_of(system: System) -> QuerySet[Organisation]:
    return Organisation.objects.filter(footprints__system=system).distinct().order_by("name")


def dependencies_in(system: System) -> QuerySet[Dependency]:
    return Dependency.objects.filter(dependent__programme__system=system).select_related(
        "dependent__programme", "milestone__project__programme"
    )


def dependency(system: System, pk: int) -> Dependency:
    return get_object_or_404(dependencies_in(system), pk=pk)


def dependencies_of(programme: Programme) -> QuerySet[Dependency]:
    """What the programme's projects wait on, and what waits on its milestones."""
    system = programme.system
    return dependencies_in(system).filter(dependent__programme=programme) | dependencies_in(
        system
    ).filter(milestone__project__programme=programme)


def due_months(programme: Programme, *, on: dt.date | None = None) -> list[dt.date]:
    """Months with no report yet, from the programme's first report or project (at most two
    years back) up to this month, newest first."""
    this_month = (on or dt.date.today()).replace(day=1)
    reported = set(programme.reports.values_list("month", flat=True))
    starts = [d for d in programme.projects.values_list("start_date", flat=True) if d]
    first = min([*reported, *(d.replace(day=1) for d in starts), this_month])
    first = max(first, add_months(this_month, -DUE_MONTHS_BACK + 1))
    months, month = [], this_month
    while month >= first:
        if month not in reported:
            months.append(month)
        month = add_months(month, -1)
    return months


@dataclass(frozen=True)
class ReportDue:
    """A programme with monthly reports due: ``months`` newest first."""

    programme: Programme
    months: list[dt.date]

    def __str__(self) -> str:
        text = f"{self.programme.name}: {formatting.month(self.months[0])}"
        earlier = len(self.months) - 1
        return text + (
            f" and {earlier} earlier month{'s' if earlier > 1 else ''}" if earlier else ""
        )


def reports_due(system: System, *, on: dt.date | None = None) -> list[ReportDue]:
    """Every programme of the system with a monthly report due (for the programme office)."""
    due = (ReportDue(p, due_months(p, on=on)) for p in programmes_in(system))
    return [d for d in due if d.months]


@dataclass
class ReportFacts:
    """What a new monthly report starts from."""

    month: dt.date
    last: HighlightReport | None
    milestones: list[Milestone]
    late: list[Milestone]
    achieved: list[Milestone]  # since the last report's month
    upcoming: list[Milestone]  # forecast within three months, not yet achieved
    risks: list[Risk]  # open, worst first
    planned: int  # benefits to the end of last month, in pence
    delivered: int


def report_facts(programme: Programme, month: dt.date, *, on: dt.date | None = None) -> ReportFacts:
    on = on or dt.date.today()
    last = programme.reports.filter(month__lt=month).order_by("-month").first()
    since = add_months(last.month, 1) if last else add_months(month, -1)
    milestones = list(
        Milestone.objects.filter(project__programme=programme).select_related("project")
    )
    horizon = add_months(month, UPCOMING_MONTHS + 1)
    risks = programme.risks.filter(status=RiskStatus.OPEN)
    past = BenefitMonth.objects.filter(benefit__programme=programme, month__lt=month)
    sums = past.aggregate(p=Sum("planned_pence"), d=Sum("delivered_pence"))
    return ReportFacts(
        month=month,
        last=last,
        milestones=milestones,
        late=[m for m in milestones if m.is_late(on) and not m.actual_date],
        achieved=[m for m in milestones if m.actual_date and m.actual_date >= since],
        upcoming=sorted(
            (m for m in milestones if not m.actual_date and m.forecast_date < horizon),
            key=lambda m: m.forecast_date,
        ),
        risks=sorted(risks, key=lambda r: (-r.current_score, r.ref)),
        planned=sums["p"] or 0,
        delivered=sums["d"] or 0,
    )


def report_authors(report: HighlightReport) -> set[int | None]:
    """Who wrote or changed a report (they cannot approve it)."""
    return set(report.versions.filter(action__in=rules.AUTHORING).values_list("user_id", flat=True))
