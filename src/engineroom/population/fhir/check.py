"""The accept/quarantine decision for FHIR resources: structure and primitive formats as
``fhir.resources`` (R4B classes, which parse R4) decides them, the code bindings we rely on
(Bundle.type, Encounter.status, Observation.status), the NHS number on identifiers, and the dates
we map.

``decide`` makes the decision for a batch at feed speed: a resource whose shape ``fhir.resources``
has already accepted, with every primitive value certainly valid, is accepted without building a
pydantic model (``shapes``); every other resource is validated by ``fhir.resources`` itself.
``decide_reference`` validates every resource with ``fhir.resources``: the differential tests
hold the two equal.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache

import pyarrow as pa
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from engineroom.population import nhs_number
from engineroom.population.fhir import shapes
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


def decide(resources: list[object]) -> list[tuple[str, str] | None]:
    """``check`` for each resource: (field, reason) or None, using the shape cache."""
    return _decide_all(resources, fast=True)


def decide_reference(resources: list[object]) -> list[tuple[str, str] | None]:
    """The same decisions with ``fhir.resources`` validating every resource (no cache)."""
    return _decide_all(resources, fast=False)


def check(resource: object) -> tuple[str, str] | None:
    """(field, reason) for the first problem with one resource, or None if it is acceptable."""
    return decide([resource])[0]


def _decide_all(resources: list[object], fast: bool) -> list[tuple[str, str] | None]:
    """Structure and bindings per resource; then the identifiers, with the NHS numbers of every
    Patient checked in one vectorised call (one call per number costs milliseconds)."""
    out: list = [_decide(resource, fast) for resource in resources]
    numbers = [
        ident["value"]
        for resource, problem in zip(resources, out, strict=True)
        if problem is _PENDING and resource["resourceType"] == "Patient"
        for ident in _nhs_identifiers(resource)
        if isinstance(ident.get("value"), str)
    ]
    valid = dict(zip(numbers, _valid_numbers(numbers), strict=True))
    return [
        _identifiers(resource["resourceType"], resource, valid.__getitem__)
        if problem is _PENDING
        else problem
        for resource, problem in zip(resources, out, strict=True)
    ]


_PENDING = ("(pending)", "identifiers not yet checked")


def _decide(resource: object, fast: bool) -> tuple[str, str] | None:
    problem = _resource_type(resource)
    if problem:
        return problem
    rtype = resource["resourceType"]
    if not (fast and shapes.certainly_valid(resource)):
        problem = _structure(rtype, resource)
        if problem:
            return problem
        if fast:
            shapes.learn(resource)
    return _bindings(rtype, resource) or _PENDING


def _valid_numbers(values: list[str]) -> list[bool]:
    """``nhs_number.valid_one`` for many values at once."""
    if not values:
        return []
    normalised = pa.array([nhs_number.normalise(v) or None for v in values], pa.string())
    return [reason is None for reason in nhs_number.reason(normalised)]


def _resource_type(resource: object) -> tuple[str, str] | None:
    if not isinstance(resource, dict):
        return "(resource)", f"not a JSON object (a JSON {_json_kind(resource)})"
    rtype = resource.get("resourceType")
    if rtype is None or rtype == "":
        return "resourceType", "resourceType missing"
    if not isinstance(rtype, str):
        return "resourceType", f"resourceType must be a string, not a JSON {_json_kind(rtype)}"
    return _type_name(rtype)


@lru_cache(maxsize=1024)  # the same few names again and again: decided once each
def _type_name(rtype: str) -> tuple[str, str] | None:
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
    return None


def _structure(rtype: str, resource: dict) -> tuple[str, str] | None:
    """What ``fhir.resources`` says. It can fail with other errors than a ValidationError (a
    nested resource of unknown type, a non-string nested resourceType): a problem too."""
    try:
        _model(rtype).model_validate(resource)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "(resource)"
        return f"{rtype}.{loc}", f"FHIR R4 structure: {err['msg']}"
    except RecursionError:
        raise
    except Exception as exc:  # any failure to read it is a reason to refuse it
        return f"{rtype}.(resource)", f"FHIR R4 structure: unreadable ({type(exc).__name__})"
    return None


def _json_kind(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean"}
    return names.get(type(value), "number" if isinstance(value, int | float) else "null")


def _bindings(rtype: str, resource: dict) -> tuple[str, str] | None:
    for (btype, element), allowed in BINDINGS.items():
        if btype == rtype and element in resource and resource[element] not in allowed:
            return f"{rtype}.{element}", f"code {resource[element]!r} is not in the FHIR value set"
    return None


def _nhs_identifiers(resource: dict) -> list:
    found = resource.get("identifier") or []
    found = found if isinstance(found, list) else [found]
    return [ident for ident in found if ident.get("system") == NHS_SYSTEM]


def _identifiers(rtype: str, resource: dict, valid) -> tuple[str, str] | None:
    """An NHS number identifier carries a value, and on a Patient it passes Modulus 11. (Other
    identifiers may lack a value: FHIR allows it, e.g. a system with a data-absent reason.)"""
    found = resource.get("identifier") or []
    for i, ident in enumerate(found if isinstance(found, list) else [found]):
        if ident.get("system") != NHS_SYSTEM:
            continue
        value = ident.get("value")
        if not isinstance(value, str) or not value.strip():
            return f"{rtype}.identifier[{i}]", "NHS number identifier has no value"
        if rtype == "Patient" and not valid(value):
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
