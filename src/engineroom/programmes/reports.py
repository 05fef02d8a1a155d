"""Monthly highlight reports (locked once approved, every saved state kept) and the quarterly
assurance return assembled from them without retyping."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.programmes import services
from engineroom.programmes.models import (
    RAG,
    Escalation,
    HighlightReport,
    Issue,
    IssueStatus,
    Programme,
    ReportStatus,
    ReportVersion,
    Risk,
    RiskStatus,
)
from engineroom.system.models import System
from engineroom.web import periods

CONTENT_FIELDS = (
    "overall_rag",
    "schedule_rag",
    "finance_rag",
    "risk_rag",
    "commentary",
    "achievements",
    "next_steps",
    "decisions_needed",
)


class ReportLocked(PermissionDenied):
    """An approved report cannot be changed."""

    def __init__(self, report: HighlightReport):
        super().__init__(
            f"The {report.month:%B %Y} report for {report.programme.name} was approved"
            f" by {report.approved_by} and cannot be changed."
        )


def _snapshot(report: HighlightReport, *, by, action: str) -> ReportVersion:
    return ReportVersion.objects.create(
        report=report,
        version=report.version,
        status=report.status,
        content={name: getattr(report, name) for name in CONTENT_FIELDS},
        saved_by=str(by),
        saved_at=timezone.now(),
        action=action,
    )


def save_report(
    *, by, programme: Programme, month: dt.date, report: HighlightReport | None = None, **content
) -> HighlightReport:
    """Create or change a draft (or submitted) report; approved reports are locked."""
    if month.day != 1:
        raise ValidationError({"month": "A report is for a whole month."})
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"Not report content: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        if report is None:
            if HighlightReport.objects.filter(programme=programme, month=month).exists():
                raise ValidationError(
                    {"month": f"There is already a report for {month:%B %Y}. Change that one."}
                )
            report = HighlightReport(programme=programme, month=month)
            action = "created"
        else:
            report = HighlightReport.objects.select_for_update().get(pk=report.pk)
            if report.locked:
                raise ReportLocked(report)
            report.version += 1
            report.status = ReportStatus.DRAFT
            action = "changed"
        for name, value in content.items():
            setattr(report, name, value)
        report.full_clean()
        report.save()
        _snapshot(report, by=by, action=action)
        audit.record(
            f"programmes.report_{action}",
            f"report:{report.pk}",
            by=by,
            details={"programme": programme.code, "month": report.month_slug, "v": report.version},
        )
    return report


def _transition(*, by, report: HighlightReport, to: str, allowed_from: set[str], action: str):
    with transaction.atomic():
        report = HighlightReport.objects.select_for_update().get(pk=report.pk)
        if report.locked:
            raise ReportLocked(report)
        if report.status not in allowed_from:
            raise ValidationError(
                f"A {report.get_status_display().lower()} report cannot be {action}."
            )
        report.status = to
        if to == ReportStatus.APPROVED:
            report.approved_by = str(by)
            report.approved_at = timezone.now()
        report.save()
        _snapshot(report, by=by, action=action)
        audit.record(
            f"programmes.report_{action}",
            f"report:{report.pk}",
            by=by,
            details={"month": report.month_slug, "version": report.version},
        )
    return report


def submit_report(*, by, report: HighlightReport) -> HighlightReport:
    return _transition(
        by=by,
        report=report,
        to=ReportStatus.SUBMITTED,
        allowed_from={ReportStatus.DRAFT},
        action="submitted",
    )


def approve_report(*, by, report: HighlightReport) -> HighlightReport:
    return _transition(
        by=by,
        report=report,
        to=ReportStatus.APPROVED,
        allowed_from={ReportStatus.DRAFT, ReportStatus.SUBMITTED},
        action="approved",
    )


def history(report: HighlightReport) -> list[ReportVersion]:
    return list(report.versions.order_by("-version", "-saved_at", "-pk"))


# --- The quarterly assurance return --------------------------------------------------------


RAG_ORDER = {RAG.GREEN: 0, RAG.AMBER: 1, RAG.RED: 2}


@dataclass
class ProgrammeReturn:
    programme: Programme
    months: list[HighlightReport | None]  # one per month of the quarter
    latest: HighlightReport | None
    benefits: services.Money
    top_risks: list[Risk]
    open_issues: list[Issue]

    @property
    def missing_months(self) -> list[int]:
        return [i for i, r in enumerate(self.months) if r is None]

    @property
    def worst_overall(self) -> str:
        rags = [r.overall_rag for r in self.months if r]
        return max(rags, key=RAG_ORDER.get) if rags else ""

    @property
    def decisions_needed(self) -> str:
        return self.latest.decisions_needed if self.latest else ""


@dataclass
class QuarterlyReturn:
    system: System
    quarter: periods.Quarter
    programmes: list[ProgrammeReturn]
    benefits: services.Money
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


def quarterly_return(system: System, quarter: periods.Quarter) -> QuarterlyReturn:
    """Assemble the return from approved monthly reports, benefits and risks: nothing retyped."""
    months = quarter.months
    approved = {}
    for r in HighlightReport.objects.filter(
        programme__system=system, month__in=months, status=ReportStatus.APPROVED
    ):
        approved[(r.programme_id, r.month)] = r
    rollup = services.benefits_rollup(system, months=months)
    risks = list(services.risks_in(system).filter(status=RiskStatus.OPEN))
    issues = list(services.issues_in(system).filter(status=IssueStatus.OPEN))
    rows = []
    for p in services.programmes_in(system):
        monthly = [approved.get((p.pk, m)) for m in months]
        mine = sorted((r for r in risks if r.programme_id == p.pk), key=lambda r: -r.current_score)
        rows.append(
            ProgrammeReturn(
                programme=p,
                months=monthly,
                latest=next((r for r in reversed(monthly) if r), None),
                benefits=rollup.by_programme.get(p.name, services.Money()),
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
    months = HighlightReport.objects.filter(programme__system=system).dates("month", "month")
    return sorted({periods.Quarter.of(m) for m in months}, key=lambda q: q.slug, reverse=True)
