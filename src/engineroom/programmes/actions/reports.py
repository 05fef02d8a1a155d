"""Monthly highlight reports: write, change, submit and approve (never by their author), then
locked; every saved state kept as a version."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.programmes import rules
from engineroom.programmes.actions._common import _validated
from engineroom.programmes.actions.portfolio import follow_rating
from engineroom.programmes.models import (
    HighlightReport,
    Programme,
    ReportStatus,
    ReportVersion,
)
from engineroom.programmes.queries.plan import report_authors
from engineroom.web import formatting

REPORT_CONTENT = (
    "overall_rag",
    "schedule_rag",
    "finance_rag",
    "risk_rag",
    "commentary",
    "achievements",
    "next_steps",
    "decisions_needed",
)


def _keep_version(report: HighlightReport, *, by, action: str) -> ReportVersion:
    return ReportVersion.objects.create(
        report=report,
        version=report.version,
        status=report.status,
        content={name: getattr(report, name) for name in REPORT_CONTENT},
        saved_by=str(by),
        user=by if getattr(by, "pk", None) else None,
        saved_at=timezone.now(),
        action=action,
    )


def _content(content: dict) -> dict:
    unknown = set(content) - set(REPORT_CONTENT)
    if unknown:
        raise ValueError(f"Not report content: {', '.join(sorted(unknown))}")
    return content


@transaction.atomic
def write_report(*, by, programme: Programme, month: dt.date, **content) -> HighlightReport:
    """A programme's new monthly report, saved as a draft (version 1)."""
    if month.day != 1:
        raise ValidationError({"month": "A report is for a whole month."})
    if HighlightReport.objects.filter(programme=programme, month=month).exists():
        raise ValidationError(
            {"month": f"There is already a report for {formatting.month(month)}. Change that one."}
        )
    report = _validated(HighlightReport(programme=programme, month=month), _content(content))
    report.save()
    _keep_version(report, by=by, action="created")
    audit.record(
        "programmes.report_created",
        audit.subject(report),
        by=by,
        details={"programme": programme.code, "month": report.month_slug, "v": report.version},
    )
    return report


@transaction.atomic
def change_report(*, by, report: HighlightReport, **content) -> HighlightReport:
    """A new version of a draft or submitted report, back to draft; approved reports are locked."""
    report = HighlightReport.objects.select_for_update().get(pk=report.pk)
    rules.ensure_changeable(report)
    report.version += 1
    report.status = ReportStatus.DRAFT
    _validated(report, _content(content)).save()
    _keep_version(report, by=by, action="changed")
    audit.record(
        "programmes.report_changed",
        audit.subject(report),
        by=by,
        details={
            "programme": report.programme.code,
            "month": report.month_slug,
            "v": report.version,
        },
    )
    return report


def _move_report(*, by, report: HighlightReport, to: str, allowed, action: str):
    report = HighlightReport.objects.select_for_update().get(pk=report.pk)
    rules.ensure_changeable(report)
    if not allowed(report):
        raise ValidationError(f"A {report.get_status_display().lower()} report cannot be {action}.")
    report.status = to
    if to == ReportStatus.APPROVED:
        report.approved_by = str(by)
        report.approved_at = timezone.now()
    report.save()
    _keep_version(report, by=by, action=action)
    audit.record(
        f"programmes.report_{action}",
        audit.subject(report),
        by=by,
        details={"month": report.month_slug, "version": report.version},
    )
    return report


@transaction.atomic
def submit_report(*, by, report: HighlightReport) -> HighlightReport:
    """Submit a draft for approval."""
    return _move_report(
        by=by,
        report=report,
        to=ReportStatus.SUBMITTED,
        allowed=rules.can_submit,
        action="submitted",
    )


def approve_report(*, by, report: HighlightReport) -> HighlightReport:
    """Approve a draft or submitted report, which locks it and brings the programme's status in
    step with its overall rating. Its authors cannot approve it: the refusal is audited."""
    with transaction.atomic():
        rules.ensure_changeable(report)
        refused = not rules.may_approve(getattr(by, "pk", None), report_authors(report))
        if not refused:
            report = _move_report(
                by=by,
                report=report,
                to=ReportStatus.APPROVED,
                allowed=rules.can_approve,
                action="approved",
            )
            follow_rating(report.programme, report.overall_rag)
            return report
    error = rules.SelfApproval(report)
    audit.record(
        "programmes.report_approval_refused",
        audit.subject(report),
        by=by,
        reason=error.messages[0],
        details={"month": report.month_slug, "version": report.version},
    )
    raise error
