"""Reading programme trackers and risk logs from XLSX or CSV: every row checked, with problems
named by file, row and field. Nothing is saved here: ``actions.upload_import`` holds the checked
rows for preview and ``actions.apply_import`` saves them once the user confirms."""

from __future__ import annotations

import datetime as dt
import re

from engineroom.programmes import queries
from engineroom.programmes.models import Escalation, ImportBatch, ImportKind
from engineroom.web import uploads
from engineroom.web.forms import EARLIEST, LATEST

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
CODES = {"programme_code", "project_code"}
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
LENGTHS = {  # the longest each column's model field holds
    "programme_code": 40,
    "project_code": 40,
    "ref": 20,
    **dict.fromkeys(
        ["programme_name", "sro", "lead", "board", "project_name", "milestone", "title", "owner"],
        200,
    ),
}
MAX_TEXT = 10_000  # cause, event, effect, mitigations
MAX_PROBLEMS = 200  # kept with the batch and shown on the preview
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
    """Rows as dicts keyed by the lower-cased header names of the first row, within the upload
    limits (``web.uploads.IMPORT``: size, rows, and an XLSX's zip checked before it is opened)."""
    try:
        values = uploads.read_table(name, content, uploads.IMPORT)
    except uploads.UploadRefused as error:
        raise UnreadableFile(f"{error}.") from error
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
            day = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if not EARLIEST <= day <= LATEST:
            raise ValueError(f"is not a date from {EARLIEST.year} to {LATEST.year}")
        return day
    raise ValueError("is not a date (use 2025-04-30 or 30/04/2025)")


def _shown(value: str) -> str:
    """A cell's value as a problem quotes it: at most 40 characters."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _clean(field: str, value: str, codes: set[str]) -> tuple[str | None, str | None]:
    """One non-empty cell: (the value to keep, or None) and (the problem with it, or None)."""
    if len(value) > LENGTHS.get(field, MAX_TEXT):
        return None, f"Enter at most {LENGTHS.get(field, MAX_TEXT):,} characters."
    if field in DATES:
        try:
            return _date(value).isoformat(), None
        except ValueError as error:
            return None, f"{_shown(value)} {error}"
    if field in SCORES and value not in {"1", "2", "3", "4", "5"}:
        return value, f"{_shown(value)} is not a score from 1 to 5."
    if field in CODES and not SLUG.fullmatch(value):
        return None, f"{_shown(value)} is not a code of letters, digits, - and _ only."
    if field == "escalation":
        if value.lower() not in Escalation.values:
            return None, f"{_shown(value)} is not one of project, programme or system."
        return value.lower(), None
    if field == "programme_code" and value not in codes:
        return None, f"There is no programme {_shown(value)} in this system."
    return value, None


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
    codes = set(queries.programmes_in(system).values_list("code", flat=True))
    if kind == ImportKind.TRACKER:
        codes |= {r.get("programme_code", "") for r in rows}
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        out = {}
        for field in columns:
            value = row.get(field, "")
            if value:
                out[field], reason = _clean(field, value, codes)
            else:
                out[field] = None if field in DATES else value
                reason = None if field in OPTIONAL else "Enter a value."
            if reason:
                problems.append({"file": filename, "row": number, "field": field, "reason": reason})
        clean.append(out)
    return clean, _capped(filename, problems)


def _capped(filename: str, problems: list[dict]) -> list[dict]:
    """The first ``MAX_PROBLEMS`` problems, and one saying how many more there are."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = f"And {len(problems) - MAX_PROBLEMS:,} more problems."
    return [*problems[:MAX_PROBLEMS], {"file": filename, "row": "", "field": "", "reason": more}]


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
