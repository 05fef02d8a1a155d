"""Benefits rolled up, the portfolio, a programme's resources and the dependency map."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from engineroom.programmes import rules
from engineroom.programmes.models import (
    BenefitMonth,
    Dependency,
    HighlightReport,
    Programme,
    ReportStatus,
    RiskStatus,
    Status,
)
from engineroom.programmes.queries.registers import (
    milestones_in,
    programmes_in,
    reports_in,
    risks_in,
)
from engineroom.system.models import System

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

    @property
    def status_label(self) -> str:
        """The programme's status as the latest approved rating says it (``rules.status_for``)."""
        rag = self.latest.overall_rag if self.latest else ""
        return Status(rules.status_for(self.programme.status, rag)).label


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
    in_cycle: bool = False


@dataclass
class DependencyMap:
    programmes: list[Programme]
    edges: list[MapEdge]
    cycles: list[list[Programme]] = field(default_factory=list)  # first repeated at the end

    @property
    def broken(self) -> list[MapEdge]:
        return [e for e in self.edges if e.broken]

    @property
    def cycle_texts(self) -> list[str]:
        """Each cycle in words, along the arrows (awaited → waiting): "Cycle: A → B → A"."""
        return ["Cycle: " + " → ".join(p.name for p in cycle) for cycle in self.cycles]


def dependency_map(system: System, *, on: dt.date | None = None) -> DependencyMap:
    """Every programme, an edge for each project dependency between programmes (from the
    programme awaited to the one waiting), and the cycles among programmes that wait on each
    other."""
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
    programmes = list(programmes_in(system))
    by_pk = {p.pk: p for p in programmes}
    found = rules.cycles(by_pk, [(e.source.pk, e.target.pk) for e in edges])
    in_cycle = {(a, b) for cycle in found for a, b in itertools.pairwise(cycle)}
    for e in edges:
        e.in_cycle = (e.source.pk, e.target.pk) in in_cycle
    cycles = [[by_pk[pk] for pk in cycle] for cycle in found]
    return DependencyMap(programmes, edges, cycles)
