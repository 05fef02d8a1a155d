"""Importing a programme tracker or risk log: hold it for preview, then apply it all or nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.programmes import imports
from engineroom.programmes.models import (
    Escalation,
    ImportBatch,
    ImportKind,
    Milestone,
    Programme,
    Project,
    Risk,
)
from engineroom.system.models import System


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
