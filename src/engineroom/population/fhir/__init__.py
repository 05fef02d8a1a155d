"""FHIR R4 feeds (NDJSON bulk exports, single resources, Bundles): validate, keep, map.

Structure and primitive formats are checked with ``fhir.resources`` R4B classes (they parse R4).
They do *not* check code bindings, so we check the bindings we rely on ourselves (Bundle.type,
Encounter.status, Observation.status) and the NHS number on Patient identifiers. One line of an
NDJSON file (or one JSON file) is one row for reconciliation. Encounters land in
``community_contact`` with the demographics of the Patient they refer to.

Each of these is quarantined with its reason, never a crash: JSON that ``safejson`` refuses
(too deep, huge numbers, XML, not UTF-8), a non-string or abstract ``resourceType``, a data type
in place of a resource, an NHS number identifier without a value, a resource repeated in the file (same type
and id) and the dates we map outside 1900-01-01..the extract date or out of order.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pyarrow as pa

from engineroom.population import safejson
from engineroom.population.fhir.check import (
    GENDER,
    NHS_SYSTEM,
    check,
    check_dates,
    full_date,
    path_value,
)
from engineroom.population.issues import Issues
from engineroom.population.schema import TABLES


def _rows(data: bytes, ext: str) -> list[tuple[object, str | None]]:
    """Parsed JSON per row, or the reason it could not be parsed. BOM tolerated."""
    text_ok = data.removeprefix(b"\xef\xbb\xbf")
    chunks = text_ok.split(b"\n") if ext == "ndjson" else [text_ok]
    return [safejson.parse(chunk) for chunk in chunks if ext != "ndjson" or chunk.strip()]


def load(data: bytes, name) -> tuple[dict[str, pa.Table], pa.Table, int, list[str]]:
    """Validate every resource; keep valid ones whole and map Encounters to contacts."""
    rows = _rows(data, name.ext)
    issues, kept, numbers = Issues(), [], []
    seen: dict[tuple[str, str], int] = {}
    for i, (resource, error) in enumerate(rows, start=1):
        problem = ("(row)", error) if error else _problem(resource, name.extract_date, seen, i)
        if problem:
            issues.add([i], problem[0], [problem[2] if len(problem) > 2 else ""], problem[1])
        else:
            kept.append(resource)
            numbers.append(i)
    notes = ["UTF-8 byte order mark removed"] if data.startswith(b"\xef\xbb\xbf") else []
    tables = {"fhir_resource": _resources(kept, numbers, name.org)} if kept else {}
    contacts = _encounters(kept, numbers, name.org)
    if contacts is not None:
        tables["community_contact"] = contacts
    return tables, issues.table(), len(rows), notes


def _problem(resource, extract: date, seen: dict, row: int) -> tuple[str, ...] | None:
    """Structure, bindings, identifiers and dates, then a repeat of a (type, id) already kept."""
    try:
        problem = check(resource) or check_dates(resource, extract)
    except RecursionError:
        return "(row)", safejson.TOO_DEEP
    if problem or not isinstance(resource.get("id"), str):
        return problem
    key = (resource["resourceType"], resource["id"])
    if key in seen:
        shown = f"{key[0]}/{key[1]} (first at row {seen[key]})"
        return "id", "duplicate resource (same type and id) within the file", shown
    seen[key] = row
    return None


def _resources(kept: list[dict], numbers: list[int], org: str) -> pa.Table:
    schema = TABLES["fhir_resource"].arrow_schema()
    return pa.table(
        {
            "resource_type": [r["resourceType"] for r in kept],
            "resource_id": [r.get("id") for r in kept],
            "json": [json.dumps(r, separators=(",", ":")) for r in kept],
            "source": [org] * len(kept),
            "record_id": [r.get("id") for r in kept],
            "load_id": pa.nulls(len(kept), pa.string()),
            "row_number": numbers,
        },
        schema=schema,
    )


def _encounters(kept: list[dict], numbers: list[int], org: str) -> pa.Table | None:
    patients = {f"Patient/{r.get('id')}": r for r in kept if r["resourceType"] == "Patient"}
    rows = [(r, n) for r, n in zip(kept, numbers, strict=True) if r["resourceType"] == "Encounter"]
    if not rows:
        return None
    cols: dict[str, list] = {c: [] for c in TABLES["community_contact"].names}
    for enc, number in rows:
        pat = patients.get(enc.get("subject", {}).get("reference", ""), {})
        nhs = next(
            (i.get("value") for i in pat.get("identifier", []) if i.get("system") == NHS_SYSTEM),
            None,
        )
        postcode = (pat.get("address") or [{}])[0].get("postalCode")
        values = {
            "nhs_number": nhs,
            "birth_date": full_date(pat.get("birthDate")),
            "sex": GENDER.get(pat.get("gender"), "U"),
            "postcode_district": postcode.split(" ")[0] if postcode else None,
            "lsoa": None,
            "contact_date": full_date(path_value(enc, "period.start")),
            "service": (enc.get("type") or [{}])[0].get("text"),
            "source": org,
            "record_id": enc.get("id"),
            "load_id": None,
            "row_number": number,
            "nhs_number_issue": None if nhs else "no NHS number on the referenced Patient",
        }
        for key in cols:
            cols[key].append(values[key])
    table = pa.table(
        {
            k: pa.array(v, pa.string()) if k != "row_number" else pa.array(v, pa.int64())
            for k, v in cols.items()
        }
    )
    return table.cast(TABLES["community_contact"].arrow_schema())


__all__ = ["check", "check_dates", "load", "np"]
