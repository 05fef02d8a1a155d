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
import re
from datetime import date
from functools import cache

import numpy as np
import pyarrow as pa
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from engineroom.population import nhs_number, safejson
from engineroom.population.issues import Issues
from engineroom.population.schema import TABLES
from engineroom.population.validate import EARLIEST

ABSTRACT = {"Resource", "DomainResource", "MetadataResource", "CanonicalResource"}
TYPE_NAME = re.compile(r"[A-Z][A-Za-z]{1,63}")
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
DATES = {"Patient": ("birthDate",), "Encounter": ("period.start", "period.end")}

NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
BINDINGS = {
    ("Bundle", "type"): {
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
    },
    ("Encounter", "status"): {
        "planned",
        "arrived",
        "triaged",
        "in-progress",
        "onleave",
        "finished",
        "cancelled",
        "entered-in-error",
        "unknown",
    },
    ("Observation", "status"): {
        "registered",
        "preliminary",
        "final",
        "amended",
        "corrected",
        "cancelled",
        "entered-in-error",
        "unknown",
    },
}
GENDER = {"male": "M", "female": "F"}


@cache
def _model(resource_type: str):
    return get_fhir_model_class(resource_type)


def check(resource: object) -> tuple[str, str] | None:
    """(field, reason) for the first problem with one resource, or None if it is acceptable."""
    if not isinstance(resource, dict):
        return "(resource)", f"not a JSON object (a JSON {_json_kind(resource)})"
    rtype = resource.get("resourceType")
    if rtype is None or rtype == "":
        return "resourceType", "resourceType missing"
    if not isinstance(rtype, str):
        return "resourceType", f"resourceType must be a string, not a JSON {_json_kind(rtype)}"
    if rtype in ABSTRACT:
        return "resourceType", f"{rtype} is an abstract FHIR type, not a resource that can be sent"
    try:
        if not TYPE_NAME.fullmatch(rtype):
            raise ValueError(rtype)
        model = _model(rtype)
    except (KeyError, ValueError):
        return "resourceType", f"unknown FHIR resource type {rtype[:64]!r}"
    if not issubclass(model, Resource):
        return "resourceType", f"{rtype} is a FHIR data type, not a resource"
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "(resource)"
        return f"{rtype}.{loc}", f"FHIR R4 structure: {err['msg']}"
    return _bindings(rtype, resource) or _identifiers(rtype, resource)


def _json_kind(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean"}
    return names.get(type(value), "number" if isinstance(value, int | float) else "null")


def _bindings(rtype: str, resource: dict) -> tuple[str, str] | None:
    for (btype, element), allowed in BINDINGS.items():
        if btype == rtype and element in resource and resource[element] not in allowed:
            return f"{rtype}.{element}", f"code {resource[element]!r} is not in the FHIR value set"
    return None


def _identifiers(rtype: str, resource: dict) -> tuple[str, str] | None:
    """An NHS number identifier carries a value, and on a Patient it passes Modulus 11. (Other
    identifiers may lack a value: FHIR allows it, e.g. a system with a data-absent reason.)"""
    found = resource.get("identifier") or []
    for i, ident in enumerate(found if isinstance(found, list) else [found]):
        if ident.get("system") != NHS_SYSTEM:
            continue
        value = ident.get("value")
        if not isinstance(value, str) or not value.strip():
            return f"{rtype}.identifier[{i}]", "NHS number identifier has no value"
        if rtype == "Patient" and not nhs_number.valid_one(value):
            return "Patient.identifier", f"NHS number {value[:20]!r} fails the Modulus 11 check"
    return None


def check_dates(resource: dict, extract: date) -> tuple[str, str] | None:
    """The dates we map are real dates between ``EARLIEST`` and the extract date, and in order."""
    rtype = resource["resourceType"]
    seen = []
    for path in DATES.get(rtype, ()):
        value = _get(resource, path)
        if value is None:
            continue
        day = _day(value)
        where = f"{rtype}.{path}"
        if day is None:
            return where, "not a calendar date"
        if day > extract:
            return where, f"date after the extract date {extract}"
        if day < EARLIEST:
            return where, f"date before {EARLIEST}"
        seen.append((where, day))
    if len(seen) == 2 and seen[1][1] < seen[0][1]:
        return seen[1][0], f"{seen[1][0]} is before {seen[0][0]}"
    return None


def _get(resource: dict, path: str):
    value = resource
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _day(value: object) -> date | None:
    """The first day a FHIR date or dateTime (possibly partial: 2024, 2024-05) can mean."""
    m = DATE.match(value) if isinstance(value, str) else None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1)) if m else None
    except ValueError:
        return None


def full_date(value: object) -> str | None:
    """YYYY-MM-DD if the value gives a whole date, else None (partial dates are not mapped)."""
    m = DATE.match(value) if isinstance(value, str) else None
    return m[0] if m and m[3] else None


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
            "contact_date": full_date(_get(enc, "period.start")),
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
