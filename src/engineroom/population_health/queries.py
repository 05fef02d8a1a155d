"""Reads of the precomputed PHM results (no heavy query per request) and of the worklists.

Two kinds of data, never mixed:

- dashboards and their exports: ``dashboard.json``, secondary use, already suppressed by
  :func:`engineroom.population.phm.suppression.suppress` at refresh time (re-applied on export);
- worklists: ``people.parquet`` (with each person's name and date of birth) and
  ``evidence.parquet`` (the readings behind each case-finding flag), DIRECT CARE — identifiable,
  national data opt-out not applied, only for people registered with the user's own practice (or
  a practice in the user's PCN) (:func:`rules.worklist_practices`), and every view or export
  written to the audit log with the NHS numbers shown, so each person can be told who saw them;
  a refusal is audited too. What clinicians marked (:class:`WorklistMark`) is read beside them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NoReturn

import pandas as pd
import pyarrow.parquet as pq
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404

from engineroom.audit import actions as audit
from engineroom.population.phm.refresh import current_results
from engineroom.population.pseudonymise import key_from_env, pseudo_id
from engineroom.population_health.models import MarkStatus, WorklistMark
from engineroom.population_health.rules import KINDS, worklist_practices
from engineroom.system.models import System
from engineroom.web.population import var_dir

LEVELS = ("system", "place", "neighbourhood")
PARENT_LEVEL = {"place": "system", "neighbourhood": "place"}
PAGE_ROWS = 500  # people shown on a worklist page; downloads have everyone
SORTS = {  # the columns each sort orders by (then the NHS number)
    "risk": ("risk",),
    "name": ("family_name", "given_name"),
    "age": ("age",),
    "efi": ("efi",),
    "emergency": ("emergency_admissions",),
    "nhs_number": ("nhs_number",),
}
ASCENDING_FIRST = {"name", "nhs_number"}  # their natural order is A to Z, not highest first
FILTERS = ("segment", "condition", "efi_category", "min_age", "mark")
UNMARKED = "none"


# -- published results (secondary use) ---------------------------------------------------------
def results_folder() -> Path | None:
    return current_results(var_dir())


@lru_cache(maxsize=4)
def _json(path: str, version: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def results_file(name: str) -> dict | None:
    folder = results_folder()
    if folder is None or not (folder / name).exists():
        return None
    return _json(str(folder / name), folder.name)


def dashboard() -> dict:
    return results_file("dashboard.json") or {}


def meta() -> dict | None:
    return results_file("meta.json")


def model_card() -> dict | None:
    return results_file("model_card.json")


def area_codes(system: System) -> set[str]:
    places = set(system.places.values_list("code", flat=True))
    hoods = set(system.places.values_list("neighbourhoods__code", flat=True))
    return {system.code} | places | {h for h in hoods if h}


def area(system: System, level: str = "system", code: str | None = None) -> dict | None:
    """The published aggregates of an area inside ``system``; None before any refresh.

    An unknown level, or an area that is not part of the system once results are published,
    is not found (404).
    """
    code = code or system.code
    if level not in LEVELS:
        raise Http404("unknown level")
    found = dashboard().get(f"{level}:{code}")
    if found is None or code not in area_codes(system):
        if level != "system" and meta() is not None:
            raise Http404("no published results for that area")
        return None
    return found


def registers(system: System) -> list[dict] | None:
    """The disease registers of the system's practices, published with the system's dashboard
    (suppressed at refresh, funnel limits included); None before any refresh."""
    found = area(system)
    return None if found is None else found.get("registers", [])


def parent(found: dict) -> dict | None:
    """The area one level up (a neighbourhood's place, a place's system)."""
    if found["level"] not in PARENT_LEVEL or not found["parent"]:
        return None
    return dashboard().get(f"{PARENT_LEVEL[found['level']]}:{found['parent']}")


def children(system: System, found: dict) -> list[dict]:
    """Published areas one level down (places of a system, neighbourhoods of a place)."""
    below = {"system": "place", "place": "neighbourhood"}.get(found["level"])
    if below is None:
        return []
    codes = area_codes(system)
    return sorted(
        (
            a
            for a in dashboard().values()
            if a["level"] == below and a["parent"] == found["code"] and a["code"] in codes
        ),
        key=lambda a: a["name"],
    )


# -- worklists (direct care) -------------------------------------------------------------------
@dataclass
class Worklist:
    kind: str
    practices: list[str]
    rows: pd.DataFrame
    filters: dict = field(default_factory=dict)
    sort: str = "risk"
    descending: bool = True
    marks: dict[str, WorklistMark] = field(default_factory=dict)  # pseudonym -> latest mark

    @property
    def count(self) -> int:
        return len(self.rows)


def worklist(system: System, kind: str, params, *, by) -> Worklist:
    """A worklist page for ``by``: refused (403) outside their practices; the view is audited
    (``worklist.view``) naming every person on the page."""
    result = _worklist(system, kind, params, by=by)
    _record_access("worklist.view", result, result.rows.head(PAGE_ROWS), by=by)
    return result


def worklist_person(system: System, kind: str, nhs_number: str, *, by) -> dict:
    """One person on ``by``'s worklist ``kind``: refused (403, audited) unless they are on it
    and registered with the user's own practice or a practice in their PCN."""
    allowed = _allowed_practices(system, kind, by=by)
    rows = _select(_people(allowed), kind)
    found = rows[rows["nhs_number"] == nhs_number]
    if found.empty:
        message = "That person is not on this worklist for your practice or PCN."
        _refuse(kind, message, by=by, nhs_number=nhs_number)
    return found.iloc[0].to_dict()


def worklist_download(system: System, kind: str, params, fmt: str, *, by) -> Worklist:
    """The whole worklist for a download; audited (``worklist.export.<fmt>``) naming everyone."""
    result = _worklist(system, kind, params, by=by)
    _record_access(f"worklist.export.{fmt}", result, result.rows, by=by)
    return result


def _worklist(system: System, kind: str, params, *, by) -> Worklist:
    """The filtered, sorted worklist; refuses anything outside the user's practices."""
    allowed = _allowed_practices(system, kind, by=by)
    wanted = params.get("practice") or ""
    if wanted and wanted not in allowed:
        message = f"You have no direct care relationship with practice {wanted}."
        _refuse(kind, message, by=by, practice=wanted)
    practices = [wanted] if wanted else allowed
    filters = {k: params.get(k) for k in FILTERS if params.get(k)}
    marks = latest_marks(system, kind)
    rows = _with_marks(_select(_people(practices), kind), marks)
    rows = _filter(rows, filters)
    sort = params.get("sort") if params.get("sort") in SORTS else "risk"
    descending = params.get("order", "asc" if sort in ASCENDING_FIRST else "desc") != "asc"
    rows = rows.sort_values(
        [*SORTS[sort], "nhs_number"],
        ascending=[not descending] * len(SORTS[sort]) + [True],
        key=_sort_key,
        na_position="last",
    )
    rows = rows.reset_index(drop=True)
    return Worklist(kind, practices, rows, filters, sort, descending, marks)


def _allowed_practices(system: System, kind: str, *, by) -> list[str]:
    """ODS codes of the practices whose people ``by`` may see; refused (403) if none."""
    if kind not in KINDS:
        raise Http404("unknown worklist")
    allowed = [p.ods_code for p in worklist_practices(by, system)]
    if not allowed:
        _refuse(kind, "Worklists are direct care: only for your own practice or PCN.", by=by)
    return allowed


def _sort_key(column: pd.Series) -> pd.Series:
    """Names sort regardless of case; numbers as they are."""
    return column.str.casefold() if column.dtype == object else column


def _refuse(kind: str, message: str, *, by, **details) -> NoReturn:
    """Refuse (403), first writing the refused attempt to the audit log."""
    audit.record(
        "population_health.worklist_refused",
        f"population_health.worklist:{kind}",
        by=by,
        reason=message,
        details=details,
    )
    raise PermissionDenied(message)


def _record_access(event: str, result: Worklist, shown: pd.DataFrame, *, by) -> None:
    audit.record(
        event,
        f"population_health.worklist:{result.kind}",
        by=by,
        reason="direct care: registered practice or PCN team",
        details={
            "practices": result.practices,
            "people": result.count,
            "filters": result.filters,
            "sort": result.sort,
            "shown": ["nhs_number", "name", "date_of_birth", "age", "case_finding_evidence"],
            "nhs_numbers": [str(n) for n in shown["nhs_number"]],
        },
    )


PEOPLE_COLUMNS = ("nhs_number", "given_name", "family_name", "birth_date", "practice", "age")
PEOPLE_COLUMNS += ("risk", "efi", "emergency_admissions", "segment", "case_finding")


def _people(practices: list[str]) -> pd.DataFrame:
    """The published people of these practices (with no name columns in results published
    before registrations carried names: those people show as not named)."""
    folder = results_folder()
    if folder is None:
        return pd.DataFrame(columns=list(PEOPLE_COLUMNS))
    table = pq.read_table(folder / "people.parquet", filters=[("practice", "in", practices)])
    people = table.to_pandas()
    for column in ("given_name", "family_name"):
        if column not in people:
            people[column] = None
    return people


def _select(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    if rows.empty:
        return rows
    if kind == "risk":
        return rows[rows["risk_group"] <= 2]
    if kind == "case-finding":
        return rows[rows["case_finding"] != ""]
    return rows[rows["efi_category"].isin(["moderate", "severe"])]


def _filter(rows: pd.DataFrame, filters: dict) -> pd.DataFrame:
    if rows.empty:
        return rows
    if "segment" in filters:
        rows = rows[rows["segment"] == filters["segment"]]
    if "condition" in filters:
        rows = rows[rows["case_finding"].str.split(";").apply(lambda c: filters["condition"] in c)]
    if "efi_category" in filters:
        rows = rows[rows["efi_category"] == filters["efi_category"]]
    if "min_age" in filters:
        try:
            rows = rows[rows["age"] >= int(filters["min_age"])]
        except ValueError:
            filters.pop("min_age")
    if filters.get("mark") in {UNMARKED, *MarkStatus.values}:
        rows = rows[rows["mark"] == ("" if filters["mark"] == UNMARKED else filters["mark"])]
    else:
        filters.pop("mark", None)
    return rows


# -- what clinicians marked, and what the page shows beside each person ------------------------
MARK_DOMAIN = "worklist-mark:"  # marks' pseudonyms never equal the analytics data's


def pseudonym(nhs_number: str) -> str:
    """The keyed pseudonym a mark names a person by: separate from the published analytics'
    pseudonyms, so a clinician's free-text note cannot be joined to secondary-use data."""
    return pseudo_id(MARK_DOMAIN + str(nhs_number), key_from_env(settings.PSEUDO_KEY))


def latest_marks(system: System, kind: str) -> dict[str, WorklistMark]:
    """The latest mark of each person on a worklist of ``system``, by pseudonym."""
    latest: dict[str, WorklistMark] = {}
    marks = WorklistMark.objects.filter(system=system, worklist=kind).select_related("by")
    for mark in marks.order_by("at", "pk"):
        latest[mark.person] = mark
    return latest


def _with_marks(rows: pd.DataFrame, marks: dict[str, WorklistMark]) -> pd.DataFrame:
    """``person`` (pseudonym) and ``mark`` (latest status, '' if none) beside every row."""
    rows = rows.copy()
    rows["person"] = [pseudonym(n) for n in rows["nhs_number"]] if len(rows) else []
    rows["mark"] = [marks[p].status if p in marks else "" for p in rows["person"]]
    return rows


def evidence(nhs_numbers: list[str]) -> pd.DataFrame:
    """The readings behind the case-finding flags of these people (newest first)."""
    folder = results_folder()
    if folder is None or not nhs_numbers or not (folder / "evidence.parquet").exists():
        return pd.DataFrame(columns=["nhs_number", "condition", "event_date", "measure"])
    path = folder / "evidence.parquet"
    return pq.read_table(path, filters=[("nhs_number", "in", nhs_numbers)]).to_pandas()
