"""The quarterly assurance return assembled from approved monthly reports (S10)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from engineroom.evaluation.public import evaluated_effects
from engineroom.programmes import rules
from engineroom.programmes.models import (
    RAG,
    Benefit,
    Escalation,
    HighlightReport,
    Issue,
    IssueStatus,
    Programme,
    ReportStatus,
    Risk,
    RiskStatus,
)
from engineroom.programmes.queries.portfolio import Money, benefits_rollup
from engineroom.programmes.queries.registers import issues_in, programmes_in, reports_in, risks_in
from engineroom.system.models import System
from engineroom.web import periods

# --- The quarterly assurance return --------------------------------------------------------


@dataclass
class ProgrammeReturn:
    programme: Programme
    months: list[HighlightReport | None]  # the approved report of each month of the quarter
    latest: HighlightReport | None
    benefits: Money
    top_risks: list[Risk]
    open_issues: list[Issue]
    evaluated: list[str] = field(default_factory=list)  # linked evaluations' effects, in words

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
    evaluated = _evaluated(system)
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
                evaluated=evaluated.get(p.pk, []),
            )
        )
    return QuarterlyReturn(
        system=system,
        quarter=quarter,
        programmes=rows,
        benefits=rollup.total,
        escalated_risks=[r for r in risks if r.escalation == Escalation.SYSTEM],
    )


def _evaluated(system: System) -> dict[int, list[str]]:
    """Per programme: "benefit: Evaluated (...): ..." for each evaluation linked to a benefit."""
    benefits = {b.pk: b for b in Benefit.objects.filter(programme__system=system)}
    found: dict[int, list[str]] = {}
    for pk, lines in evaluated_effects(benefits).items():
        mine = found.setdefault(benefits[pk].programme_id, [])
        mine += [f"{benefits[pk].description}: {line}" for line in lines]
    return found


def quarters_with_reports(system: System) -> list[periods.Quarter]:
    months = reports_in(system).dates("month", "month")
    return sorted({periods.Quarter.of(m) for m in months}, key=lambda q: q.slug, reverse=True)
