"""Reads of the precomputed PHM results (no heavy query per request) and of the worklists.

Two kinds of data, never mixed:

- dashboards and their exports: ``dashboard.json``, secondary use, already suppressed by
  :func:`engineroom.phm.suppression.suppress` at refresh time (re-applied on export);
- worklists: ``people.parquet``, DIRECT CARE — identifiable, national data opt-out not applied,
  only for people registered with the user's own practice (or a practice in the user's PCN)
  (:func:`rules.worklist_practices`), and every view or export written to the audit log with
  the NHS numbers shown, so each person can be told who saw them; a refusal is audited too.
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
from engineroom.phm.refresh import current_results
from engineroom.population_health.rules import KINDS, worklist_practices
from engineroom.system.models import System

LEVELS = ("system", "place", "neighbourhood")
PARENT_LEVEL = {"place": "system", "neighbourhood": "place"}
PAGE_ROWS = 500  # people shown on a worklist page; downloads have everyone
SORTS = {
    "risk": "risk",
    "age": "age",
    "efi": "efi",
    "name": "nhs_number",
    "nhs_number": "nhs_number",
    "emergency": "emergency_admissions",
}
FILTERS = ("segment", "condition", "efi_category", "min_age")


# -- published results (secondary use) ---------------------------------------------------------
def var_dir() -> Path:
    return Path(getattr(settings, "PHM_VAR", None) or settings.VAR_DIR)


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

    @property
    def count(self) -> int:
        return len(self.rows)


def worklist(system: System, kind: str, params, *, by) -> Worklist:
    """A worklist page for ``by``: refused (403) outside their practices; the view is audited
    (``worklist.view``) naming every person on the page."""
    result = _worklist(system, kind, params, by=by)
    _record_access("worklist.view", result, result.rows.head(PAGE_ROWS), by=by)
    return result


def worklist_download(system: System, kind: str, params, fmt: str, *, by) -> Worklist:
    """The whole worklist for a download; audited (``worklist.export.<fmt>``) naming everyone."""
    result = _worklist(system, kind, params, by=by)
    _record_access(f"worklist.export.{fmt}", result, result.rows, by=by)
    return result


def _worklist(system: System, kind: str, params, *, by) -> Worklist:
    """The filtered, sorted worklist; refuses anything outside the user's practices."""
    if kind not in KINDS:
        raise Http404("unknown worklist")
    allowed = [p.ods_code for p in worklist_practices(by, system)]
    if not allowed:
        _refuse(kind, "Worklists are direct care: only for your own practice or PCN.", by=by)
    wanted = params.get("practice") or ""
    if wanted and wanted not in allowed:
        message = f"You have no direct care relationship with practice {wanted}."
        _refuse(kind, message, by=by, practice=wanted)
    practices = [wanted] if wanted else allowed
    filters = {k: params.get(k) for k in FILTERS if params.get(k)}
    rows = _filter(_select(_people(practices), kind), filters)
    sort = params.get("sort") if params.get("sort") in SORTS else "risk"
    descending = params.get("order", "desc") != "asc"
    rows = rows.sort_values([SORTS[sort], "nhs_number"], ascending=[not descending, True])
    return Worklist(kind, practices, rows.reset_index(drop=True), filters, sort, descending)


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
            "nhs_numbers": [str(n) for n in shown["nhs_number"]],
        },
    )


def _people(practices: list[str]) -> pd.DataFrame:
    folder = results_folder()
    if folder is None:
        return pd.DataFrame(columns=["nhs_number", "practice", "risk", "age", "efi"])
    table = pq.read_table(folder / "people.parquet", filters=[("practice", "in", practices)])
    return table.to_pandas()


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
    return rows
