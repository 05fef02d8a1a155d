"""Manual linkage decisions: the data manager matched an unlinked record to a person, or
confirmed it as a person not yet in the index. The linker reads them first
(:func:`engineroom.population.linkage.apply_manual`), so the next linkage run uses them.

One small JSON file per record under ``<var>/lake/_manual_links/``, written atomically (the
latest decision on a record replaces the one before). Its name is derived from the record
(sender and record id), so writing the same decision again is a no-op: a re-run after a crash
finishes the job.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from engineroom.population.lake import Lake, atomic_write_text
from engineroom.population.nhs_number import is_valid, normalise

MATCHED = "manual:matched"
NEW_PERSON = "manual:new person"
SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("record_id", pa.string()),
        ("person_id", pa.string()),
        ("link_rule", pa.string()),
    ]
)


def _linked(var: str | Path, name: str) -> Path | None:
    """A table of the current linkage (``pipeline.linked_path``, which imports this module)."""
    pointer = Lake(var).root / "linked" / "CURRENT"
    if not pointer.exists():
        return None
    return pointer.parent / pointer.read_text().strip() / f"{name}.parquet"


def folder(var: str | Path) -> Path:
    return Lake(var).root / "_manual_links"


def decision_id(source: str, record_id: str) -> str:
    return hashlib.sha256(f"{source}\0{record_id}".encode()).hexdigest()[:24]


def valid_nhs_number(text: str | None) -> str | None:
    """The NHS number normalised, if it passes the Modulus 11 check; else None."""
    norm = normalise(pa.array([text or ""], pa.string()))
    return norm[0].as_py() if is_valid(norm)[0] else None


def new_person_id(source: str, record_id: str, nhs_number: str | None) -> str:
    """A person confirmed as new keeps their NHS number when it is valid; otherwise a local
    identifier (direct care only until they are registered)."""
    return valid_nhs_number(nhs_number) or f"local:{decision_id(source, record_id)}"


def record(var: str | Path, decision: dict) -> dict:
    """Write one decision: source, record_id, table, person_id, link_rule, by, at."""
    path = folder(var) / f"{decision_id(decision['source'], decision['record_id'])}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(decision, sort_keys=True))
    return decision


def decisions(var: str | Path) -> list[dict]:
    found = folder(var)
    if not found.exists():
        return []
    return [json.loads(p.read_text()) for p in sorted(found.glob("*.json"))]


def decided(var: str | Path) -> dict[tuple[str, str], dict]:
    """(source, record id) -> its decision."""
    return {(d["source"], d["record_id"]): d for d in decisions(var)}


def table(var: str | Path) -> pa.Table:
    """The decisions as the linker reads them."""
    rows = decisions(var)
    return pa.Table.from_pylist([{k: d[k] for k in SCHEMA.names} for d in rows], schema=SCHEMA)


def unlinked_rows(var: str | Path, sources: list[str], source: str = "") -> pa.Table:
    """The latest linkage's unlinked queue, for the given senders (or the one ``source``)."""
    path = _linked(var, "unlinked")
    if path is None or not path.exists():
        return pa.table({"source": pa.array([], pa.string())})
    table = pq.ParquetFile(path).read()
    wanted = [source] if source else sources
    return table.filter(pc.is_in(table["source"], pa.array(wanted, pa.string())))


def candidates(
    var: str | Path,
    *,
    nhs_number: str = "",
    birth_date: str = "",
    family_name: str = "",
    limit: int = 20,
) -> list[dict]:
    """People in the latest person index with this NHS number, or born on ``birth_date`` (and,
    when given and the index holds names, with this family name, ignoring case)."""
    path = _linked(var, "person_index")
    if path is None or not path.exists() or not (nhs_number or birth_date):
        return []
    index = pq.ParquetFile(path).read()
    if nhs_number:
        keep = pc.equal(index["nhs_number"], nhs_number)
    else:
        keep = pc.equal(pc.cast(index["birth_date"], pa.string()), birth_date)
        if family_name and "family_name" in index.column_names:
            names = pc.utf8_lower(pc.fill_null(index["family_name"], ""))
            keep = pc.and_(keep, pc.equal(names, family_name.strip().lower()))
    found = index.filter(keep).slice(0, limit).to_pylist()
    for row in found:
        row["birth_date"] = str(row["birth_date"]) if row.get("birth_date") else None
    return found
