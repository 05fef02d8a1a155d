"""Manual linkage decisions: the data manager matched an unlinked record to a person, or
confirmed it as a person not yet in the index. The linker reads them first
(:func:`engineroom.population.linkage.apply_manual`), so the next linkage run uses them.

One small JSON file per record under ``<var>/lake/_manual_links/``, written atomically (the
latest decision on a record replaces the one before). Its name is derived from the record
(sender, event table and record id: a record id is only unique within its sender's table), so
writing the same decision again is a no-op: a re-run after a crash
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
from engineroom.population.schema import EVENT_TABLES, TABLES

MATCHED = "manual:matched"
NEW_PERSON = "manual:new person"
SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("table", pa.string()),
        ("record_id", pa.string()),
        ("person_id", pa.string()),
        ("link_rule", pa.string()),
    ]
)

UNLINKED_COLUMNS = (
    *("source", "record_id", "row_number", "load_id"),
    *("nhs_number", "birth_date", "sex", "postcode_district"),
)
UNLINKED_SCHEMA = pa.schema(
    [
        pa.field("table", pa.string()),
        *(TABLES[EVENT_TABLES[0]].arrow_schema().field(c) for c in UNLINKED_COLUMNS),
        pa.field("reason", pa.string()),
    ]
)  # the unlinked queue a linkage run writes (``pipeline``), and its shape before any run
CANDIDATE_LIMIT = 20


def _linked(var: str | Path, name: str) -> Path | None:
    """A table of the current linkage (``pipeline.linked_path``, which imports this module)."""
    pointer = Lake(var).root / "linked" / "CURRENT"
    if not pointer.exists():
        return None
    return pointer.parent / pointer.read_text().strip() / f"{name}.parquet"


def folder(var: str | Path) -> Path:
    return Lake(var).root / "_manual_links"


def decision_id(source: str, table: str, record_id: str) -> str:
    return hashlib.sha256(f"{source}\0{table}\0{record_id}".encode()).hexdigest()[:24]


def valid_nhs_number(text: str | None) -> str | None:
    """The NHS number normalised, if it passes the Modulus 11 check; else None."""
    norm = normalise(pa.array([text or ""], pa.string()))
    return norm[0].as_py() if is_valid(norm)[0] else None


def new_person_id(source: str, table: str, record_id: str, nhs_number: str | None) -> str:
    """A person confirmed as new keeps their NHS number when it is valid; otherwise a local
    identifier (direct care only until they are registered)."""
    return valid_nhs_number(nhs_number) or f"local:{decision_id(source, table, record_id)}"


def record(var: str | Path, decision: dict) -> dict:
    """Write one decision: source, record_id, table, person_id, link_rule, by, at."""
    key = decision_id(decision["source"], decision["table"], decision["record_id"])
    path = folder(var) / f"{key}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(decision, sort_keys=True))
    return decision


def decisions(var: str | Path) -> list[dict]:
    found = folder(var)
    if not found.exists():
        return []
    return [json.loads(p.read_text()) for p in sorted(found.glob("*.json"))]


def decided(var: str | Path) -> dict[tuple[str, str, str], dict]:
    """(source, table, record id) -> its decision."""
    return {(d["source"], d.get("table"), d["record_id"]): d for d in decisions(var)}


def table(var: str | Path) -> pa.Table:
    """The decisions as the linker reads them."""
    rows = decisions(var)
    return pa.Table.from_pylist([{k: d.get(k) for k in SCHEMA.names} for d in rows], schema=SCHEMA)


def unlinked_rows(var: str | Path, sources: list[str], source: str = "") -> pa.Table:
    """The latest linkage's unlinked queue, for the given senders (or the one ``source``)."""
    path = _linked(var, "unlinked")
    if path is None or not path.exists():
        return UNLINKED_SCHEMA.empty_table()
    table = pq.ParquetFile(path).read()
    wanted = [source] if source else sources
    return table.filter(pc.is_in(table["source"], pa.array(wanted, pa.string())))


def candidates(
    var: str | Path,
    *,
    practices: list[str],
    nhs_number: str = "",
    birth_date: str = "",
    family_name: str = "",
    limit: int = CANDIDATE_LIMIT,
) -> list[dict]:
    """People in the latest person index registered at one of ``practices`` with this (valid)
    NHS number, or born on ``birth_date`` with this family name (ignoring case). Nothing for
    a narrower search: a date of birth alone would list strangers."""
    path = _linked(var, "person_index")
    nhs_number = valid_nhs_number(nhs_number) or ""
    if path is None or not path.exists() or not (nhs_number or (birth_date and family_name)):
        return []
    index = pq.ParquetFile(path).read()
    keep = pc.is_in(index["registered_practice"], pa.array(practices, pa.string()))
    keep = pc.and_(keep, _search(index, nhs_number, birth_date, family_name))
    found = index.filter(keep).slice(0, limit).to_pylist()
    for row in found:
        row["birth_date"] = str(row["birth_date"]) if row.get("birth_date") else None
    return found


def _search(index: pa.Table, nhs_number: str, birth_date: str, family_name: str):
    if nhs_number:
        return pc.equal(index["nhs_number"], nhs_number)
    if "family_name" not in index.column_names:
        return pa.array([False] * index.num_rows)
    names = pc.utf8_lower(pc.fill_null(index["family_name"], ""))
    return pc.and_(
        pc.equal(pc.cast(index["birth_date"], pa.string()), birth_date),
        pc.equal(names, family_name.strip().lower()),
    )
