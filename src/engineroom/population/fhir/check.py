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
from functools import cache, lru_cache

import pyarrow as pa
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from engineroom.population import nhs_number
from engineroom.population.fhir import shapes
from engineroom.population.sources.fhir import NHS_SYSTEM

ABSTRACT = {"Resource", "DomainResource", "MetadataResource", "CanonicalResource"}
TYPE_NAME = re.compile(r"[A-Z][A-Za-z]{1,63}")

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
    why = dict(zip(numbers, _reasons(numbers), strict=True))
    return [
        _identifiers(resource["resourceType"], resource, why.__getitem__)
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


def _normalised(values: list[str]) -> pa.Array:
    return pa.array([nhs_number.normalise(v) or None for v in values], pa.string())


def _reasons(values: list[str]) -> list[str | None]:
    """``nhs_number.reason_one`` for many values at once."""
    return nhs_number.reason(_normalised(values)) if values else []


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


def _identifiers(rtype: str, resource: dict, why) -> tuple[str, str] | None:
    """An NHS number identifier carries a value, and on a Patient it is a valid NHS number
    (``nhs_number.reason``: 10 digits, Modulus 11, an issued range, a real CHI date). (Other
    identifiers may lack a value: FHIR allows it, e.g. a system with a data-absent reason.)"""
    found = resource.get("identifier") or []
    for i, ident in enumerate(found if isinstance(found, list) else [found]):
        if ident.get("system") != NHS_SYSTEM:
            continue
        value = ident.get("value")
        if not isinstance(value, str) or not value.strip():
            return f"{rtype}.identifier[{i}]", "NHS number identifier has no value"
        if rtype == "Patient" and (reason := why(value)):
            return "Patient.identifier", f"{reason}: {value[:20]!r}"
    return None


def test_data(resources: list[dict]) -> list[tuple[str, str] | None]:
    """Per accepted resource, (field, value) if it is a Patient whose NHS number is a valid one
    in the 999 test range: test data, flagged (not quarantined), as on the CSV path."""
    found = [
        (k, "Patient.identifier", ident["value"])
        for k, resource in enumerate(resources)
        if resource.get("resourceType") == "Patient"
        for ident in _nhs_identifiers(resource)
        if isinstance(ident.get("value"), str)
    ]
    out: list = [None] * len(resources)
    values = [value for _, _, value in found]
    test = nhs_number.is_test(_normalised(values)) if values else []
    for (k, where, value), flag in zip(found, test, strict=True):
        if flag and out[k] is None:
            out[k] = (where, value)
    return out
