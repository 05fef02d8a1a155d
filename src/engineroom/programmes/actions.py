"""Writing the portfolio: one function per use case, each atomic and audited once.

Every function takes the person acting as keyword-only ``by=`` and raises ``ValidationError`` for
anything the data refuses (shown on the form) or ``ReportLocked`` (403) for an approved report.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.programmes import imports, rules
from engineroom.programmes.models import (
    Escalation,
    HighlightReport,
    ImportBatch,
    ImportKind,
    Issue,
    Milestone,
    Programme,
    Project,
    ReportStatus,
    ReportVersion,
    Risk,
    RiskStatus,
)
from engineroom.system.models import System
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


def _validated(instance: models.Model, fields: dict) -> models.Model:
    """Apply ``fields`` and check the row as the model does (ValidationError if not valid)."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    return instance


def _details(fields: dict) -> dict:
    return {name: str(value) for name, value in fields.items()}


# --- Programmes, milestones, risks and issues ----------------------------------------------


@transaction.atomic
def add_programme(*, by, system: System, **fields) -> Programme:
    programme = _validated(Programme(system=system), fields)
    programme.save()
    audit.record(
        "programmes.programme_created", audit.subject(programme), by=by, details=_details(fields)
    )
    return programme


@transaction.atomic
def change_programme(*, by, programme: Programme, **fields) -> Programme:
    _validated(programme, fields).save()
    audit.record(
        "programmes.programme_updated", audit.subject(programme), by=by, details=_details(fields)
    )
    return programme


@transaction.atomic
def update_milestone(
    *, by, milestone: Milestone, forecast_date: dt.date, actual_date: dt.date | None
) -> Milestone:
    """A new forecast, or the date it was achieved; the baseline never changes."""
    fields = {"forecast_date": forecast_date, "actual_date": actual_date}
    _validated(milestone, fields).save()
    audit.record(
        "programmes.milestone_updated", audit.subject(milestone), by=by, details=_details(fields)
    )
    return milestone


def _next_ref(programme: Programme, prefix: str, model: type[Risk | Issue]) -> str:
    """The next free reference in a programme's register: R001, R002... or I001..."""
    refs = set(model.objects.filter(programme=programme).values_list("ref", flat=True))
    count = len(refs) + 1
    while f"{prefix}{count:03d}" in refs:
        count += 1
    return f"{prefix}{count:03d}"


@transaction.atomic
def add_risk(*, by, programme: Programme, **fields) -> Risk:
    """A new risk in ``programme``'s register, with the next free reference."""
    risk = _validated(Risk(programme=programme, ref=_next_ref(programme, "R", Risk)), fields)
    risk.save()
    audit.record("programmes.risk_created", audit.subject(risk), by=by, details=_details(fields))
    return risk


@transaction.atomic
def change_risk(*, by, risk: Risk, programme: Programme, **fields) -> Risk:
    """Change a risk, moving it to ``programme`` (which must be in the same system)."""
    if programme.system_id != risk.programme.system_id:
        raise ValidationError("A risk can only move to a programme in the same system.")
    risk.programme = programme
    _validated(risk, fields).save()
    details = _details({"programme": programme.code, **fields})
    audit.record("programmes.risk_updated", audit.subject(risk), by=by, details=details)
    return risk


@transaction.atomic
def risk_to_issue(*, by, risk: Risk, resolve_by: dt.date, on: dt.date | None = None) -> Issue:
    """The risk happened: open an issue from it and mark the risk as having become one."""
    if not rules.can_become_issue(risk):
        raise ValidationError("Only an open risk can become an issue.")
    issue = Issue(
        programme=risk.programme,
        ref=_next_ref(risk.programme, "I", Issue),
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
        audit.subject(risk),
        by=by,
        details={"issue": issue.pk, "ref": issue.ref},
    )
    return issue


# --- Highlight reports ---------------------------------------------------------------------


def _keep_version(report: HighlightReport, *, by, action: str) -> ReportVersion:
    return ReportVersion.objects.create(
        report=report,
        version=report.version,
        status=report.status,
        content={name: getattr(report, name) for name in REPORT_CONTENT},
        saved_by=str(by),
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


@transaction.atomic
def approve_report(*, by, report: HighlightReport) -> HighlightReport:
    """Approve a draft or submitted report, which locks it."""
    return _move_report(
        by=by, report=report, to=ReportStatus.APPROVED, allowed=rules.can_approve, action="approved"
    )


# --- Imports -------------------------------------------------------------------------------


@transaction.atomic
def upload_import(*, by, system: System, kind: str, filename: str, content: bytes) -> ImportBatch:
    """Check a file and hold it for preview (nothing else is saved).

    Raises ``imports.UnreadableFile`` for a file that cannot be read.
    """
    rows = imports.read_rows(filename, content)
    clean, problems = imports.check(kind, filename, rows, system)
    batch = ImportBatch.objects.create(
        system=system, kind=kind, filename=filename, rows=clean, problems=problems, uploaded_by=by
    )
    audit.record(
        "programmes.import_uploaded",
        audit.subject(batch),
        by=by,
        details={"file": filename, "kind": kind, "rows": len(clean), "problems": len(problems)},
    )
    return batch


@transaction.atomic
def apply_import(*, by, batch: ImportBatch) -> dict[str, int]:
    """Save a clean, previewed batch: all rows or none. Raises ``imports.NotReady`` otherwise."""
    imports.ensure_ready(batch)
    counts = {"programmes": 0, "projects": 0, "milestones": 0, "risks": 0}
    for row in batch.rows:
        if batch.kind == ImportKind.TRACKER:
            _apply_tracker_row(batch.system, row, counts)
        else:
            _apply_risk_row(batch.system, row, counts)
    batch.applied_at = timezone.now()
    batch.save(update_fields=["applied_at"])
    audit.record(
        "programmes.import_applied",
        audit.subject(batch),
        by=by,
        details={"file": batch.filename, **counts},
    )
    return counts


def _apply_tracker_row(system: System, row: dict, counts: dict[str, int]) -> None:
    programme, made = Programme.objects.get_or_create(
        system=system,
        code=row["programme_code"],
        defaults={
            "name": row["programme_name"],
            "sro": row["sro"],
            "lead": row["lead"],
            "board": row.get("board") or "",
        },
    )
    counts["programmes"] += made
    project, made = Project.objects.get_or_create(
        programme=programme, code=row["project_code"], defaults={"name": row["project_name"]}
    )
    counts["projects"] += made
    Milestone.objects.update_or_create(
        project=project,
        name=row["milestone"],
        defaults={
            "baseline_date": row["baseline_date"],
            "forecast_date": row["forecast_date"],
            "actual_date": row.get("actual_date") or None,
        },
    )
    counts["milestones"] += 1


def _apply_risk_row(system: System, row: dict, counts: dict[str, int]) -> None:
    programme = Programme.objects.get(system=system, code=row["programme_code"])
    fields = {k: row[k] for k in imports.COLUMNS[ImportKind.RISKS][2:] if k in row}
    fields["escalation"] = fields.get("escalation") or Escalation.PROGRAMME
    Risk.objects.update_or_create(programme=programme, ref=row["ref"], defaults=fields)
    counts["risks"] += 1
