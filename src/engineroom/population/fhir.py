"""FHIR R4 feeds (NDJSON bulk exports, single resources, Bundles): validate, keep, map.

Structure and primitive formats are checked with ``fhir.resources`` R4B classes (they parse R4).
They do *not* check code bindings, so we check the bindings we rely on ourselves (Bundle.type,
Encounter.status, Observation.status) and the NHS number on Patient identifiers. One line of an
NDJSON file (or one JSON file) is one row for reconciliation. Encounters land in
``community_contact`` with the demographics of the Patient they refer to.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pyarrow as pa
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from engineroom.population import nhs_number
from engineroom.population.schema import TABLES
from engineroom.population.validate import Issues

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
        return "(resource)", "not a JSON object"
    rtype = resource.get("resourceType")
    if not rtype:
        return "resourceType", "resourceType missing"
    try:
        model = _model(rtype)
    except (KeyError, ValueError):
        return "resourceType", f"unknown FHIR resource type {rtype!r}"
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "(resource)"
        return f"{rtype}.{loc}", f"FHIR R4 structure: {err['msg']}"
    return _bindings(rtype, resource)


def _bindings(rtype: str, resource: dict) -> tuple[str, str] | None:
    for (btype, element), allowed in BINDINGS.items():
        if btype == rtype and element in resource and resource[element] not in allowed:
            return f"{rtype}.{element}", f"code {resource[element]!r} is not in the FHIR value set"
    if rtype == "Patient":
        for ident in resource.get("identifier", []):
            if (
                ident.get("system") == NHS_SYSTEM
                and not nhs_number.is_valid(pa.array([ident.get("value")]))[0]
            ):
                return (
                    "Patient.identifier",
                    f"NHS number {ident.get('value')!r} fails the Modulus 11 check",
                )
    return None


def _rows(data: bytes, ext: str) -> list[tuple[object, str | None]]:
    """Parsed JSON per row, or the parse error. BOM tolerated."""
    text_ok = data.removeprefix(b"\xef\xbb\xbf")
    chunks = text_ok.split(b"\n") if ext == "ndjson" else [text_ok]
    out: list[tuple[object, str | None]] = []
    for chunk in chunks:
        if ext == "ndjson" and not chunk.strip():
            continue
        try:
            out.append((json.loads(chunk.decode("utf-8")), None))
        except UnicodeDecodeError:
            out.append((None, "not valid UTF-8"))
        except json.JSONDecodeError as exc:
            out.append((None, f"not valid JSON: {exc.msg} at character {exc.pos}"))
    return out


def load(data: bytes, name) -> tuple[dict[str, pa.Table], pa.Table, int, list[str]]:
    """Validate every resource; keep valid ones whole and map Encounters to contacts."""
    rows = _rows(data, name.ext)
    issues, kept, numbers = Issues(), [], []
    for i, (resource, error) in enumerate(rows, start=1):
        problem = ("(row)", error) if error else check(resource)
        if problem:
            issues.add([i], problem[0], [""], problem[1])
        else:
            kept.append(resource)
            numbers.append(i)
    notes = ["UTF-8 byte order mark removed"] if data.startswith(b"\xef\xbb\xbf") else []
    tables = {"fhir_resource": _resources(kept, numbers, name.org)} if kept else {}
    contacts = _encounters(kept, numbers, name.org)
    if contacts is not None:
        tables["community_contact"] = contacts
    return tables, issues.table(), len(rows), notes


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
            "birth_date": pat.get("birthDate"),
            "sex": GENDER.get(pat.get("gender"), "U"),
            "postcode_district": postcode.split(" ")[0] if postcode else None,
            "lsoa": None,
            "contact_date": (enc.get("period", {}).get("start") or "")[:10] or None,
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


__all__ = ["check", "load", "np"]
