"""The accept/quarantine decision for one FHIR resource: structure and primitive formats as
``fhir.resources`` (R4B classes, which parse R4) decides them, the code bindings we rely on
(Bundle.type, Encounter.status, Observation.status), the NHS number on identifiers, and the dates
we map.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from engineroom.population import nhs_number
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
        value = path_value(resource, path)
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


def path_value(resource: dict, path: str):
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
