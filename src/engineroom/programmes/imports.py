"""Reading programme trackers and risk logs from XLSX or CSV: every row checked, with problems
named by file, row and field. Nothing is saved here: ``actions.upload_import`` holds the checked
rows for preview and ``actions.apply_import`` saves them once the user confirms."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from engineroom.programmes import queries
from engineroom.programmes.models import Escalation, ImportBatch, ImportKind

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
    existing = set(queries.programmes_in(system).values_list("code", flat=True))
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


class NotReady(ValueError):
    """A batch that cannot be applied: already imported, or with problems."""


def is_ready(batch: ImportBatch) -> bool:
    """Only a clean batch that has not been imported yet may be applied."""
    return not batch.applied_at and not batch.problems


def ensure_ready(batch: ImportBatch) -> None:
    """Refuse (``NotReady``, saying why) a batch that may not be applied."""
    if batch.applied_at:
        raise NotReady("This file has already been imported.")
    if batch.problems:
        raise NotReady("Fix the problems in the file and upload it again.")
