"""Reads of the precomputed PHM results (no heavy query per request) and the worklist rules.

Two kinds of data, never mixed:

- dashboards and their exports: ``dashboard.json``, secondary use, already suppressed by
  :func:`engineroom.phm.suppression.suppress` at refresh time (re-applied on export);
- worklists: ``people.parquet``, DIRECT CARE — identifiable, national data opt-out not applied,
  only for people registered with the user's own practice (or a practice in the user's PCN),
  and every view or export written to the audit log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from django.conf import settings
from django.core.exceptions import PermissionDenied

from engineroom.accounts.permissions import ROLES, Permission
from engineroom.accounts.rules import has_permission
from engineroom.audit.actions import record
from engineroom.phm.refresh import current_results
from engineroom.system.models import Organisation, OrganisationKind, System


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


def area(system: System, level: str, code: str) -> dict | None:
    """The published aggregates of an area inside ``system`` (None if not part of it)."""
    found = dashboard().get(f"{level}:{code}")
    if found is None or code not in area_codes(system):
        return None
    return found


def area_codes(system: System) -> set[str]:
    places = set(system.places.values_list("code", flat=True))
    hoods = set(system.places.values_list("neighbourhoods__code", flat=True))
    return {system.code} | places | {h for h in hoods if h}


def children(system: System, level: str, code: str) -> list[dict]:
    """Published areas one level down (places of a system, neighbourhoods of a place)."""
    below = {"system": "place", "place": "neighbourhood"}.get(level)
    if below is None:
        return []
    codes = area_codes(system)
    return sorted(
        (a for a in dashboard().values()
         if a["level"] == below and a["parent"] == code and a["code"] in codes),
        key=lambda a: a["name"],
    )  # fmt: skip


# -- worklists (direct care) -----------------------------------------------------------------

KINDS = {
    "risk": "Emergency admission risk (top 5%)",
    "case-finding": "Case-finding: probable undiagnosed conditions",
    "frailty": "Moderate and severe frailty",
}
SORTS = {"risk": "risk", "age": "age", "efi": "efi", "name": "nhs_number",
         "nhs_number": "nhs_number", "emergency": "emergency_admissions"}  # fmt: skip


def worklist_practices(user, system: System) -> list[Organisation]:
    """Practices whose registered people this user may see: their own practice, or every practice
    in their PCN, through a membership granting ``worklist.view`` in this system."""
    candidates: dict[int, Organisation] = {}
    for m in user.memberships.select_related("organisation"):
        org = m.organisation
        if org is None or Permission.WORKLIST_VIEW not in ROLES[m.role].permissions:
            continue
        if not has_permission(user, Permission.WORKLIST_VIEW, system=system, organisation=org,
                              own_organisation=True):  # fmt: skip
            continue
        if org.kind == OrganisationKind.GP_PRACTICE:
            candidates[org.pk] = org
        elif org.kind == OrganisationKind.PCN:
            for practice in org.children.filter(kind=OrganisationKind.GP_PRACTICE):
                candidates[practice.pk] = practice
    return sorted(candidates.values(), key=lambda o: o.ods_code)


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


def worklist(user, system: System, kind: str, params) -> Worklist:
    """The filtered, sorted worklist; refuses (PermissionDenied) anything outside the user's
    practices. Writes one audit entry for every permitted view."""
    if kind not in KINDS:
        raise KeyError(kind)
    allowed = [p.ods_code for p in worklist_practices(user, system)]
    if not allowed:
        raise PermissionDenied("Worklists are direct care: only for your own practice or PCN.")
    wanted = params.get("practice") or ""
    if wanted and wanted not in allowed:
        raise PermissionDenied(f"You have no direct care relationship with practice {wanted}.")
    practices = [wanted] if wanted else allowed
    rows = _people(practices)
    rows = _select(rows, kind)
    filters = {k: params.get(k) for k in ("segment", "condition", "efi_category", "min_age")
               if params.get(k)}  # fmt: skip
    rows = _filter(rows, filters)
    sort = params.get("sort") if params.get("sort") in SORTS else "risk"
    descending = params.get("order", "desc") != "asc"
    rows = rows.sort_values([SORTS[sort], "nhs_number"], ascending=[not descending, True])
    result = Worklist(kind, practices, rows.reset_index(drop=True), filters, sort, descending)
    return result


PAGE_ROWS = 500


def audit_view(user, result: Worklist, action: str = "worklist.view", shown: int | None = None):
    """One audit entry naming every person shown (the page shows the first ``PAGE_ROWS``;
    an export shows everyone), so each person can be told who saw them."""
    rows = result.rows if shown is None else result.rows.head(shown)
    record(action, f"worklist:{result.kind}", by=user, reason="direct care: registered practice or PCN team", details={"practices": result.practices, "people": result.count,
                    "filters": result.filters, "sort": result.sort,
                    "nhs_numbers": [str(n) for n in rows["nhs_number"]]})  # fmt: skip


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
