"""FHIR R4 feeds (NDJSON bulk exports, single resources, Bundles, XML): decide, keep, map.

A file is read into rows, one per resource: an NDJSON line, a JSON or XML file (UK Core examples
are XML: :mod:`.xml` turns them into the same JSON), or each entry of a transaction, batch or
collection Bundle (:mod:`.bundle`, which documents the row numbers). Each resource is accepted or
quarantined by :mod:`.check` (structure as ``fhir.resources`` decides it, the code bindings we rely
on, NHS numbers), then by the dates we map (real, 1900-01-01..the extract date, in order) and by a
repeat of a (type, id) already kept in the file. Accepted resources are kept whole in
``fhir_resource`` (an NDJSON line as received, any other resource as compact JSON) and mapped
into the schema tables by :mod:`.tables` with the readers of :mod:`.mapping`, as the source
mappings in :mod:`engineroom.population.sources.fhir` declare. A file inside a delivery folder (a bulk
``$export``) is read as part of that one feed (:mod:`.bulk`).

Each problem is quarantined with its reason, never a crash: JSON that ``safejson`` refuses, XML
that is not FHIR, a non-string or abstract ``resourceType``, a data type in place of a resource,
an NHS number identifier without a value, a duplicate resource, a date out of range or order.
"""

from __future__ import annotations

import gc
import json
from contextlib import contextmanager
from datetime import date

import pyarrow as pa

from engineroom.population import nhs_number, safejson
from engineroom.population.fhir import bulk, check, mapping, tables, xml
from engineroom.population.fhir.bundle import Item, all_or_nothing, unpack
from engineroom.population.issues import Issues
from engineroom.population.schema import TABLES
from engineroom.population.sources.fhir import NHS_SYSTEM


def decide(resources: list) -> list[tuple[str, str] | None]:
    """The accept/quarantine decision (``check``) for a batch of resources, in order."""
    return check.decide(resources)


def read_rows(data: bytes, ext: str) -> list[tuple[object, object]]:
    """Parsed resource (or the reason it could not be read) per row. BOM tolerated."""
    return _read(data, ext)[0]


def _read(data: bytes, ext: str) -> tuple[list[tuple[object, object]], list[str | None] | None]:
    """``read_rows``, and for NDJSON each row's line as received (None where it was not read
    whole: that resource is written out again)."""
    text = data.removeprefix(b"\xef\xbb\xbf")
    if ext == "xml":
        return [xml.parse(text)], None
    if ext == "ndjson":
        return safejson.parse_lines(text)
    return [safejson.parse(text)], None


def load(data: bytes, name) -> tuple[dict[str, pa.Table], pa.Table, int, list[str]]:
    """Decide every resource; keep the valid ones whole and map them into the schema tables."""
    with _cycle_collector_paused():
        return _load(data, name)


@contextmanager
def _cycle_collector_paused():
    """Resources parsed from JSON are trees (no reference cycles), so Python's cyclic garbage
    collector finds nothing in them, but with a file's hundreds of thousands of new objects it
    runs again and again over all of them (a third of the time of a large file). It is paused
    while a file is read, decided and mapped (reference counting still frees everything)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(data: bytes, name) -> tuple[dict[str, pa.Table], pa.Table, int, list[str]]:
    folder = getattr(name, "folder", None)
    meta = bulk.metadata(data, name.ext, folder) if folder else None
    if meta is not None:  # the manifest or the export log of a delivery folder: no resources
        return {}, Issues().table(), 0, meta
    rows, raws = _read(data, name.ext)
    items, empty = unpack(rows, decide, raws)
    _decide(items, name.extract_date)
    all_or_nothing(items)
    issues, kept = Issues(), []
    for item in items:
        if item.problem:
            field, reason, value = item.problem
            issues.add([item.row], field, [value], reason)
        else:
            kept.append(item)
    for item, flag in zip(kept, check.test_data([i.resource for i in kept]), strict=True):
        if flag:
            issues.add([item.row], flag[0], [flag[1]], nhs_number.TEST_DATA, "flagged")
    notes = ["UTF-8 byte order mark removed"] if data.startswith(b"\xef\xbb\xbf") else []
    notes += (
        [f"{empty} Bundle entries without a resource (e.g. DELETE) not loaded"] if empty else []
    )
    out = {"fhir_resource": _resources(kept, name.org)} if kept else {}
    patients = mapping.patient_index(kept)
    if folder:
        found, warnings = bulk.folder_patients(
            folder, name.extract_date, read_rows, accepted_patients
        )
        patients, notes = found | patients, notes + warnings
    mapped, more = tables.rows(kept, patients, name.org)
    return out | mapped, issues.table(), len(items), notes + more


def _decide(items: list[Item], extract: date) -> None:
    """Set each readable item's problem: the decision, then dates, then duplicates."""
    todo = [item for item in items if item.problem is None]
    seen: dict[str, int] = {}
    for item, found in zip(todo, _decisions([i.resource for i in todo]), strict=True):
        problem = found or _dates(item.resource, extract)
        if problem:
            item.problem = (*problem, item.where)
        else:
            item.problem = _repeat(item, seen)


def _repeat(item: Item, seen: dict[str, int]) -> tuple[str, str, str] | None:
    """A resource whose record key (type and id; without an id, its fullUrl or its content) is
    already kept in the file: the lake's record ids stay unique within a load, as the linkage
    relies on (only the latest load's copy of a record is linked)."""
    key = mapping.record_id(item.resource, item.full_url)
    if key not in seen:
        seen[key] = item.row
        return None
    how = (
        "type and id"
        if isinstance(item.resource.get("id"), str)
        else "type, no id, same fullUrl or content"
    )
    shown = f"{key.replace(':', '/', 1)} (first at row {seen[key]})"
    return "id", f"duplicate resource (same {how}) within the file", shown


def _decisions(resources: list) -> list[tuple[str, str] | None]:
    try:
        return decide(resources)
    except RecursionError:  # one resource too deep for the validator: decide them one by one
        return [_one(r) for r in resources]


def _one(resource: object) -> tuple[str, str] | None:
    try:
        return decide([resource])[0]
    except RecursionError:
        return "(row)", safejson.TOO_DEEP


def _dates(resource: dict, extract: date) -> tuple[str, str] | None:
    try:
        return mapping.check_dates(resource, extract)
    except RecursionError:
        return "(row)", safejson.TOO_DEEP


def accepted_patients(rows: list, extract: date) -> dict[str, dict]:
    """Reference -> Patient for the accepted Patients among ``rows`` (for a delivery folder)."""
    items, _ = unpack(rows, decide)
    items = [
        i
        for i in items
        if isinstance(i.resource, dict) and i.resource.get("resourceType") == "Patient"
    ]
    _decide(items, extract)
    return mapping.patient_index([i for i in items if i.problem is None])


def _resources(kept: list[Item], org: str) -> pa.Table:
    schema = TABLES["fhir_resource"].arrow_schema()
    ids = [
        item.resource.get("id") if isinstance(item.resource.get("id"), str) else None
        for item in kept
    ]
    record = [rid or item.full_url for rid, item in zip(ids, kept, strict=True)]
    return pa.table(
        {
            "resource_type": [item.resource["resourceType"] for item in kept],
            "resource_id": ids,
            "json": [item.raw or _ENCODE(item.resource) for item in kept],
            "source": [org] * len(kept),
            "record_id": record,
            "load_id": pa.nulls(len(kept), pa.string()),
            "row_number": [item.row for item in kept],
        },
        schema=schema,
    )


_ENCODE = json.JSONEncoder(separators=(",", ":")).encode  # ``json.dumps`` without its set-up


__all__ = ["NHS_SYSTEM", "check", "decide", "load"]
