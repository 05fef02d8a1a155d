"""One person's population health flags, in words, for their shared care record (DIRECT CARE).

The public module through which the record app reads population health: a person's emergency
admission risk, frailty (eFI), segment and case-finding flags with the readings behind each flag,
from the published ``people.parquet`` and ``evidence.parquet`` (identifiable, national data
opt-out not applied, as the worklists read them). Nothing here is audited on its own: the record
page that shows it has already audited the view of the whole record, with its basis.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from engineroom.population.phm import segments
from engineroom.population_health import presenters, queries
from engineroom.system import queries as system_queries
from engineroom.web import formatting

COLUMNS = ["nhs_number", "risk", "risk_group", "efi", "efi_category", "segment", "case_finding"]


@dataclass(frozen=True)
class Flags:
    """What the record page shows under "Population health": words, never codes."""

    risk: str
    frailty: str
    segment: str
    case_finding: list[dict] = field(default_factory=list)  # label, readings (words)
    as_of: str = ""  # the date the published results describe, in words


def flags(nhs_number: str, *, only_from: set[str] | None = None) -> Flags | None:
    """The person's published flags, or None before any refresh or when they were not scored
    (not registered in the system when the results were published). ``only_from``: show only
    readings those organisations recorded (the person objected to sharing the rest)."""
    row = _row(nhs_number)
    if row is None:
        return None
    readings: dict[tuple, list[dict]] = {}
    found = queries.evidence([nhs_number]) if row.get("case_finding") else None
    for r in [] if found is None else found.to_dict("records"):
        if only_from is not None and r.get("source") not in only_from:
            continue
        readings.setdefault((r["nhs_number"], r["condition"]), []).append(r)
    sources = {r["source"] for rs in readings.values() for r in rs if r.get("source")}
    places = system_queries.organisation_names(sources)
    return Flags(
        risk=presenters.risk(row) if row.get("risk") is not None else "Not scored",
        frailty=presenters.frailty(row) if row.get("efi") is not None else "Not scored",
        segment=segments.LABELS.get(row.get("segment"), row.get("segment") or "Not assigned"),
        case_finding=presenters.flags(row, readings, places),
        as_of=_as_of(),
    )


def _row(nhs_number: str) -> dict | None:
    """The person's row of ``people.parquet`` (only the columns shown), found in the process's
    index of the published file: a record page must not scan 1.5 M people."""
    folder = queries.results_folder()
    if folder is None or not (folder / "people.parquet").exists():
        return None
    table, numbers, order = _people(str(folder / "people.parquet"))
    if not nhs_number.isdigit():
        return None
    at = int(np.searchsorted(numbers, int(nhs_number)))
    if at >= len(numbers) or numbers[at] != int(nhs_number):
        return None
    return table.slice(int(order[at]), 1).to_pylist()[0]


@lru_cache(maxsize=1)
def _people(path: str) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """The published people's shown columns, their NHS numbers sorted and where each row is:
    read once per published version (a new refresh is a new folder, so a new path), about 60
    bytes a person; a lookup is then a binary search."""
    available = set(pq.read_schema(path).names)
    table = pq.read_table(path, columns=[c for c in COLUMNS if c in available])
    numbers = np.asarray(pc.cast(table["nhs_number"], pa.int64()).to_numpy(zero_copy_only=False))
    order = np.argsort(numbers, kind="stable")
    return table, numbers[order], order


def _as_of() -> str:
    meta = queries.meta() or {}
    when = meta.get("as_of")
    try:
        return formatting.date(dt.date.fromisoformat(str(when)[:10])) if when else ""
    except ValueError:
        return ""
