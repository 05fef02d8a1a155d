"""Accepted FHIR resources into schema rows, as :mod:`engineroom.population.sources.fhir` declares.

Each event row carries the demographics of the Patient its subject refers to: a Patient in the
same file or feed found by ``Patient/<id>``, by the ``fullUrl`` of a Bundle entry (``urn:uuid:``)
or by an absolute URL ending in ``Patient/<id>``; a contained Patient (``#id``); or an NHS number
given as the reference's identifier. Rows of GP-coded resources need a SNOMED CT code (check digit
valid) and a whole date; anything else stays raw in ``fhir_resource`` and is counted in the notes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache

from engineroom.population import nhs_number
from engineroom.population.fhir.bundle import Item
from engineroom.population.sources.fhir import (
    ETHNIC_EXTENSION,
    MAPPINGS,
    NHS_SYSTEM,
    ODS_SYSTEMS,
    SNOMED_SYSTEM,
    Element,
    ResourceMapping,
    Scope,
)
from engineroom.population.validate import EARLIEST, ETHNICITY

DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
GENDER = {"male": "M", "female": "F"}
IDENTITY = ("nhs_number", "birth_date", "sex", "postcode_district")
TYPED_URL = re.compile(r"(?:^|/)([A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$")


def walk(resource: object, path: str) -> object:
    """The value at a dotted path; a list on the way gives its first item."""
    value = resource
    for part in path.split("."):
        if isinstance(value, list):
            value = value[0] if value else None
        value = value.get(part) if isinstance(value, dict) else None
    return value


Getter = Callable[[object], object]


def _same(value: object) -> object:
    return value


@cache
def getter(path: str, then: Getter = _same) -> Getter:
    """``walk`` for one path from a resource (a JSON object), as a function made once:
    ``getter(path)(resource) == walk(resource, path)``, and ``getter(path, then)(resource) ==
    then(walk(resource, path))`` with one call fewer."""
    parts = path.split(".")
    if len(parts) == 1:
        (a,) = parts
        return lambda resource: then(resource.get(a))
    if len(parts) == 2:
        a, b = parts

        def two(resource: dict) -> object:
            value = resource.get(a)
            if isinstance(value, list):
                value = value[0] if value else None
            return then(value.get(b) if isinstance(value, dict) else None)

        return two
    return lambda resource: then(walk(resource, path))


def full_date(value: object) -> str | None:
    """YYYY-MM-DD if the value gives a whole date, else None (partial dates are not mapped)."""
    return _full_date(value) if isinstance(value, str) else None


@lru_cache(maxsize=1 << 16)  # a feed repeats its dates: each distinct one is matched once
def _full_date(value: str) -> str | None:
    m = DATE.match(value)
    return m[0] if m and m[3] else None


def _first(value: object) -> object:
    return (value[0] if value else None) if isinstance(value, list) else value


def _listed(value: object) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


def _snomed(value: object) -> str | None:
    for coding in _listed(walk(value, "coding") if isinstance(value, dict) else None):
        if isinstance(coding, dict) and coding.get("system") == SNOMED_SYSTEM:
            code = coding.get("code")
            return code if isinstance(code, str) else None
    return None


def _system_value(idents: object, systems: tuple[str, ...]) -> str | None:
    for ident in _listed(idents):
        if isinstance(ident, dict) and ident.get("system") in systems:
            value = ident.get("value")
            return value.replace(" ", "").replace("-", "") if isinstance(value, str) else None
    return None


def nhs(idents: object) -> str | None:
    """The NHS number identifier's value, normalised as everywhere (``nhs_number.normalise``:
    all whitespace and hyphens stripped), None if there is none (or it is blank)."""
    value = _system_value(idents, (NHS_SYSTEM,))
    return (nhs_number.normalise(value) or None) if value is not None else None


def _ods(refs: object) -> str | None:
    for ref in _listed(refs):
        found = (
            _system_value(walk(ref, "identifier"), ODS_SYSTEMS) if isinstance(ref, dict) else None
        )
        if found:
            return found
    return None


def _ethnicity(extensions: object) -> str | None:
    for ext in _listed(extensions):
        if isinstance(ext, dict) and ext.get("url") == ETHNIC_EXTENSION:
            return ETHNICITY.get(walk(ext, "valueCodeableConcept.coding.code"), "U")
    return None


def _district(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().upper()
    return text.split()[0] if " " in text else text[:-3] or None


def _text(value: object) -> str | None:
    value = _first(value)
    return value if isinstance(value, str) else None


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


READ = {
    "text": _text,
    "float": _float,
    "date": full_date,
    "snomed": _snomed,
    "nhs": nhs,
    "ods": _ods,
    "sex": lambda v: GENDER.get(v, "U") if v is not None else None,
    "ethnicity": _ethnicity,
    "district": _district,
}


@cache
def column_reader(element: Element) -> Getter:
    """One column's value from a resource: the reader applied to each path in turn, the first
    value found wins (``read`` for one column)."""
    convert = READ[element.reader]
    if len(element.paths) == 1:
        return getter(element.paths[0], convert)
    gets = tuple(getter(path) for path in element.paths)

    def first(resource: object) -> object:
        for get in gets:
            value = convert(get(resource))
            if value is not None:
                return value
        return None

    return first


@cache
def readers(resource_type: str) -> tuple[tuple[str, Getter], ...]:
    """(column, ``column_reader``) for each element of a resource type's mapping."""
    return tuple((el.column, column_reader(el)) for el in MAPPINGS[resource_type].elements)


def read(resource: dict, mapping: ResourceMapping) -> dict[str, object]:
    """Schema column -> value for one resource (the first element path present wins)."""
    out = {}
    for column, reader in readers(mapping.resource):
        value = reader(resource)
        if value is not None:
            out[column] = value
    return out


# --- dates ---------------------------------------------------------------------------------
def _day(value: object) -> date | None:
    """The first day a FHIR date or dateTime (possibly partial: 2024, 2024-05) can mean."""
    return _day_of(value) if isinstance(value, str) else None


@lru_cache(maxsize=1 << 16)
def _day_of(value: str) -> date | None:
    m = DATE.match(value)
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1)) if m else None
    except ValueError:
        return None


@cache
def _date_paths(resource_type: str) -> tuple[tuple[str, Getter, str], ...]:
    mapping = MAPPINGS[resource_type]
    return tuple((p, getter(p), f"{mapping.resource}.{p}") for p in mapping.dates)


def check_dates(resource: dict, extract: date) -> tuple[str, str] | None:
    """The dates a mapping reads are real, between 1900-01-01 and the extract date, in order."""
    mapping = MAPPINGS.get(resource.get("resourceType"))
    if mapping is None:
        return None
    days = {}
    for path, get, where in _date_paths(mapping.resource):
        value = get(resource)
        if value is None:
            continue
        day = _day(value)
        if day is None:
            return where, "not a calendar date"
        if day > extract:
            return where, f"date after the extract date {extract}"
        if day < EARLIEST:
            return where, f"date before {EARLIEST}"
        days[path] = day
    for earlier, later in mapping.order:
        if earlier in days and later in days and days[later] < days[earlier]:
            first, then = (f"{mapping.resource}.{p}" for p in (earlier, later))
            return then, f"{then} is before {first}"
    return None


# --- scope -------------------------------------------------------------------------------
def outside(resource: dict, scope: Scope) -> str | None:
    """None if the mapping takes the resource, else the code (e.g. an Encounter's class) that
    puts it outside the mapping's ``scope``."""
    code = walk(resource, scope.path)
    code = code if isinstance(code, str) and code else "(none)"
    if code in scope.codes:
        return None
    if code in scope.if_named:
        names = (walk(resource, path) for path in scope.named)
        text = " ".join(n for n in names if isinstance(n, str)).lower()
        if any(word in text for word in scope.words):
            return None
    return code


def in_scope(kept: list[Item]) -> tuple[list[Item], list[str]]:
    """The resources their mapping takes, and a note per resource type counting the others
    (kept raw in ``fhir_resource``, not mapped) by the code that leaves them out."""
    taken, left = [], {}
    for item in kept:
        mapping = MAPPINGS.get(item.resource["resourceType"])
        code = outside(item.resource, mapping.scope) if mapping and mapping.scope else None
        if code is None:
            taken.append(item)
        else:
            left.setdefault(mapping, Counter())[code] += 1
    notes = [
        f"{mp.resource}: {sum(n.values())} not mapped to {mp.table} ({mp.scope.why}): "
        + ", ".join(f"{mp.scope.path} {c} {k}" for c, k in sorted(n.items()))
        + " (kept in fhir_resource)"
        for mp, n in left.items()
    ]
    return taken, notes


# --- references ----------------------------------------------------------------------------
def patient_keys(resource: dict, full_url: str | None) -> list[str]:
    """Every reference that may name this Patient."""
    keys = [f"Patient/{resource['id']}"] if isinstance(resource.get("id"), str) else []
    if isinstance(full_url, str):
        keys.append(full_url)
        m = TYPED_URL.search(full_url)
        keys += [m[1]] if m else []
    return keys


def patient_index(items: list[Item]) -> dict[str, dict]:
    found = {}
    for item in items:
        if item.resource.get("resourceType") == "Patient":
            for key in patient_keys(item.resource, item.full_url):
                found.setdefault(key, item.resource)
    return found


def subject(
    resource: dict, mapping: ResourceMapping, patients: dict, people: dict | None = None
) -> dict[str, object]:
    """The IDENTITY columns (and the NHS number issue) from the resource's Patient. ``people``
    caches the answer per Patient (and per NHS number) across a file; never mutate it."""
    ref = getter(mapping.subject)(resource) if mapping.subject else None
    if not isinstance(ref, dict):
        return {"nhs_number_issue": f"no {mapping.subject} reference to a Patient"}
    patient = _resolve(ref.get("reference"), resource, patients)
    people = {} if people is None else people
    if patient is None:
        number = nhs(ref.get("identifier"))
        if number is None:
            return {"nhs_number_issue": "the referenced Patient is not in the file or feed"}
        if number not in people:
            why = nhs_number.reason_one(number)
            people[number] = {"nhs_number_issue": why} if why else {"nhs_number": number}
        return people[number]
    found = people.get(id(patient))
    if found is None:
        found = people[id(patient)] = _identity(patient)
    return found


def _identity(patient: dict) -> dict[str, object]:
    keep = {column: reader(patient) for column, reader in _identity_readers()}
    keep["sex"] = keep["sex"] or "U"
    if not keep["nhs_number"]:
        keep["nhs_number_issue"] = "no NHS number on the referenced Patient"
    return keep


@cache
def _identity_readers() -> tuple[tuple[str, Getter], ...]:
    return tuple((c, r) for c, r in readers("Patient") if c in IDENTITY)


def _resolve(reference: object, resource: dict, patients: dict) -> dict | None:
    if not isinstance(reference, str):
        return None
    if reference.startswith("#"):
        inner = [c for c in _listed(resource.get("contained")) if isinstance(c, dict)]
        return next(
            (
                c
                for c in inner
                if f"#{c.get('id')}" == reference and c.get("resourceType") == "Patient"
            ),
            None,
        )
    if reference in patients:
        return patients[reference]
    m = TYPED_URL.search(reference)
    return patients.get(m[1]) if m else None


def record_id(resource: dict, full_url: str | None) -> str:
    """``<resourceType>:<id>`` (else the fullUrl's last part, else a hash of the content)."""
    rid = resource.get("id")
    if not isinstance(rid, str) and isinstance(full_url, str):
        rid = full_url.removeprefix("urn:uuid:").rstrip("/").rsplit("/", 1)[-1]
    if not isinstance(rid, str):
        body = json.dumps(resource, sort_keys=True, separators=(",", ":")).encode()
        rid = "sha256-" + hashlib.sha256(body).hexdigest()[:16]
    return f"{resource['resourceType']}:{rid}"


# --- rows (see :mod:`.tables`) ----------------------------------------------------------
def component_rows(base: dict, resource: dict) -> list[dict]:
    """An Observation's coded components: one more row each, the base row's values otherwise."""
    found = []
    for i, comp in enumerate(_listed(resource.get("component"))):
        code = _snomed(comp.get("code")) if isinstance(comp, dict) else None
        if code:
            extra = {"snomed_code": code, "value": _float(walk(comp, "valueQuantity.value"))}
            extra["unit"] = _text(walk(comp, "valueQuantity.code"))
            found.append(base | extra | {"record_id": f"{base['record_id']}:component:{i}"})
    return found


def why(column: str, resource: dict, mapping: ResourceMapping) -> str:
    """Why a resource's row is not mapped: the required ``column`` it has no value for."""
    if column in ("snomed_code", "dmd_code"):
        path = next(el.paths[0] for el in mapping.elements if el.column == column)
        systems = sorted(
            {
                c.get("system", "?")
                for c in _listed(walk(resource, path + ".coding"))
                if isinstance(c, dict)
            }
        )
        return "no SNOMED CT code (" + (", ".join(systems) or "no coding") + ")"
    if column == "registered_practice":
        return "no registered GP (generalPractitioner ODS code)"
    return f"no {column}" + (" (partial or missing date)" if "date" in column else "")
