"""Importing programme trackers and risk logs from XLSX or CSV: every row checked, problems
named by file, row and field, and nothing saved until the user confirms a clean preview."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from engineroom.audit import actions as audit
from engineroom.programmes.models import (
    Escalation,
    ImportBatch,
    ImportKind,
    Milestone,
    Programme,
    Project,
    Risk,
)

COLUMNS = {
    ImportKind.TRACKER: [
        "programme_code",
        "programme_name",
        "sro",
        "lead",
        "board",
        "project_code",
        "project_name",
        "milestone",
        "baseline_date",
        "forecast_date",
        "actual_date",
    ],
    ImportKind.RISKS: [
        "programme_code",
        "ref",
        "title",
        "cause",
        "event",
        "effect",
        "owner",
        "inherent_likelihood",
        "inherent_impact",
        "current_likelihood",
        "current_impact",
        "target_likelihood",
        "target_impact",
        "mitigations",
        "review_date",
        "escalation",
    ],
}
OPTIONAL = {"board", "actual_date", "mitigations", "escalation"}
DATES = {"baseline_date", "forecast_date", "actual_date", "review_date"}
SCORES = {
    "inherent_likelihood",
    "inherent_impact",
    "current_likelihood",
    "current_impact",
    "target_likelihood",
    "target_impact",
}


class UnreadableFile(ValueError):
    pass


def read_rows(name: str, content: bytes) -> list[dict[str, str]]:
    """Rows as dicts keyed by the lower-cased header names of the first row."""
    if name.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
            raise UnreadableFile(f"{name} is not a readable XLSX workbook.") from error
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnreadableFile(f"{name} is not UTF-8 text.") from error
        values = list(csv.reader(io.StringIO(text)))
    if not values:
        raise UnreadableFile(f"{name} is empty.")
    header = [str(h or "").strip().lower().replace(" ", "_") for h in values[0]]
    rows = []
    for raw in values[1:]:
        cells = [_text(c) for c in raw]
        if any(cells):
            rows.append(dict(zip(header, cells, strict=False)))
        else:
            rows.append({})
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    raise ValueError("is not a date (use 2025-04-30 or 30/04/2025)")


def check(kind: str, filename: str, rows: list[dict], system) -> tuple[list[dict], list[dict]]:
    """Clean rows ready to apply, and problems (file, row, field, reason)."""
    problems, clean = [], []
    columns = COLUMNS[kind]
    missing = [c for c in columns if c not in OPTIONAL and rows and c not in set().union(*rows)]
    if not rows:
        return [], [{"file": filename, "row": 1, "field": "", "reason": "There are no rows."}]
    if missing:
        return [], [
            {"file": filename, "row": 1, "field": c, "reason": "This column is missing."}
            for c in missing
        ]
    existing = set(Programme.objects.filter(system=system).values_list("code", flat=True))
    in_file = {r.get("programme_code", "") for r in rows} if kind == ImportKind.TRACKER else set()
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        out = {}
        for field in columns:
            value = row.get(field, "")
            reason = None
            if not value:
                if field not in OPTIONAL:
                    reason = "Enter a value."
                out[field] = None if field in DATES else value
            elif field in DATES:
                try:
                    out[field] = _date(value).isoformat()
                except ValueError as error:
                    reason = f"{value!r} {error}"
            elif field in SCORES:
                if value not in {"1", "2", "3", "4", "5"}:
                    reason = f"{value!r} is not a score from 1 to 5."
                out[field] = value
            elif field == "escalation" and value.lower() not in Escalation.values:
                reason = f"{value!r} is not one of project, programme or system."
            elif field == "programme_code" and value not in existing | in_file:
                reason = f"There is no programme {value!r} in this system."
            else:
                out[field] = value.lower() if field == "escalation" else value
            if reason:
                problems.append({"file": filename, "row": number, "field": field, "reason": reason})
        clean.append(out)
    return clean, problems


def upload(*, by, system, kind: str, filename: str, content: bytes) -> ImportBatch:
    """Check a file and hold it for preview. Raises UnreadableFile for a file that cannot be read."""
    rows = read_rows(filename, content)
    clean, problems = check(kind, filename, rows, system)
    return ImportBatch.objects.create(
        system=system,
        kind=kind,
        filename=filename,
        rows=clean,
        problems=problems,
        uploaded_by=by,
    )


class NotReady(ValueError):
    pass


def apply(*, by, batch: ImportBatch) -> dict[str, int]:
    """Save a clean, previewed batch: all rows or none."""
    if batch.applied_at:
        raise NotReady("This file has already been imported.")
    if batch.problems:
        raise NotReady("Fix the problems in the file and upload it again.")
    counts = {"programmes": 0, "projects": 0, "milestones": 0, "risks": 0}
    with transaction.atomic():
        for row in batch.rows:
            if batch.kind == ImportKind.TRACKER:
                programme, made = Programme.objects.get_or_create(
                    system=batch.system,
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
                    programme=programme,
                    code=row["project_code"],
                    defaults={"name": row["project_name"]},
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
            else:
                programme = Programme.objects.get(system=batch.system, code=row["programme_code"])
                fields = {k: row[k] for k in COLUMNS[ImportKind.RISKS][2:] if k in row}
                fields["escalation"] = fields.get("escalation") or Escalation.PROGRAMME
                Risk.objects.update_or_create(programme=programme, ref=row["ref"], defaults=fields)
                counts["risks"] += 1
        batch.applied_at = timezone.now()
        batch.save(update_fields=["applied_at"])
        audit.record(
            "programmes.import_applied",
            f"import:{batch.pk}",
            by=by,
            details={"file": batch.filename, **counts},
        )
    return counts
