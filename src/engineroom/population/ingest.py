"""Ingest feed files into the lake: validate, quarantine, reconcile, publish atomically.

``ingest_path(path, var)`` loads one file or every feed file under a folder, oldest extract first.
Each file is idempotent (keyed by its name's kind/sender/date and a hash of its content) and
published whole or not at all; a re-run after a crash recovers the lake and loads what is missing.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engineroom.population import fhir
from engineroom.population.lake import Lake
from engineroom.population.schema import TABLES
from engineroom.population.sources import FEEDS, FeedNameError, parse_name
from engineroom.population.validate import FeedError, Issues, read_csv, validate

FEED_SUFFIXES = {".csv", ".ndjson", ".json"}


def load_id_for(path: Path, data: bytes) -> str:
    digest = hashlib.sha256(path.name.encode() + b"\0" + data).hexdigest()
    return digest[:24]


def feed_files(path: Path) -> list[Path]:
    """Feed files under a folder, oldest extract first (so late re-sends supersede)."""
    if path.is_file():
        return [path]
    files = [p for p in path.rglob("*") if p.is_file() and p.suffix in FEED_SUFFIXES]
    return sorted(files, key=lambda p: (p.stem.rsplit("__", 1)[-1], p.name))


PARALLEL_BYTES = 32 * 1024 * 1024  # below this, starting worker processes costs more than it saves


def ingest_path(
    path: str | Path,
    var: str | Path,
    *,
    on_file: Callable[[dict], None] | None = None,
    workers: int | None = None,
) -> list[dict]:
    """Ingest every feed file under ``path``; returns one reconciliation report per file.

    Files are parsed and validated in ``workers`` processes (default: one per core for large
    batches) but committed one at a time, in extract order, by this process alone.
    """
    lake = Lake(var)
    lake.recover()
    files = feed_files(Path(path))
    if workers is None:
        big = sum(f.stat().st_size for f in files) >= PARALLEL_BYTES
        workers = min(len(files), os.cpu_count() or 1) if big else 1
    reports = []
    with _executor(workers) as pool:
        for prepared in pool.map(_prepare, files, [lake.root.parent] * len(files)):
            report = _finish(lake, prepared)
            reports.append(report)
            if on_file:
                on_file(report)
    if any(r["status"] == "loaded" for r in reports):
        lake.rebuild_catalog()
    return reports


def _executor(workers: int):
    if workers <= 1:
        return _Serial()
    # forkserver: never fork a process whose Arrow or DuckDB threads may hold locks.
    context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


class _Serial:
    """The executor interface, in this process."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def map(self, fn, *iterables):
        return map(fn, *iterables)


def ingest_file(path: Path, lake: Lake) -> dict:
    """Load one file unless this exact file is already committed."""
    return _finish(lake, _prepare(path, lake.root.parent))


@dataclass
class _Prepared:
    """A file parsed and validated, ready to commit (``done`` if it was already committed)."""

    base: dict
    done: dict | None = None
    tables: dict[str, pa.Table] = field(default_factory=dict)
    issues: pa.Table | None = None
    rows_in: int = 0
    notes: list[str] = field(default_factory=list)


def _prepare(path: Path, var: Path) -> _Prepared:
    """Everything but the commit: safe to run in a worker process (it only reads the lake)."""
    data = path.read_bytes()
    load_id = load_id_for(path, data)
    base = {"file": path.name, "path": str(path), "load_id": load_id, "bytes": len(data)}
    done = Lake(var).manifest(load_id)
    if done:
        return _Prepared(base, done=done)
    try:
        name = parse_name(path)
    except FeedNameError as exc:
        return _rejected({**base, "source": "unknown"}, data, str(exc))
    base |= {"kind": name.kind, "source": name.org, "extract_date": str(name.extract_date)}
    try:
        tables, issues, rows_in, notes = _load(data, name)
    except FeedError as exc:
        return _rejected(base, data, f"{path.name}: {exc}")
    return _Prepared(base, tables=tables, issues=issues, rows_in=rows_in, notes=notes)


def _finish(lake: Lake, prepared: _Prepared) -> dict:
    """Commit a prepared file, unless it (or the same file earlier in this batch) is committed."""
    done = prepared.done or lake.manifest(prepared.base["load_id"])
    if done:
        return {**_public(done), "status": "already loaded"}
    return _commit(
        lake, prepared.base, prepared.tables, prepared.issues, prepared.rows_in, prepared.notes
    )


def _load(data: bytes, name) -> tuple[dict[str, pa.Table], pa.Table, int, list[str]]:
    if name.kind == "fhir":
        return fhir.load(data, name)
    mapping = FEEDS[name.kind]
    parsed = read_csv(data)
    notes = parsed.notes + _column_notes(parsed.table.column_names, mapping)
    if parsed.table.num_rows == 0:
        return {}, parsed.issues.table(), parsed.rows_in, notes
    columns, keep, issues = validate(parsed, mapping, name.extract_date)
    table = _to_schema(columns, parsed, keep, mapping, name.org)
    return {mapping.table: table}, issues.table(), parsed.rows_in, notes


def _column_notes(found: list[str], mapping) -> list[str]:
    extra = sorted(set(found) - set(mapping.feed_columns))
    return [f"unexpected columns ignored: {', '.join(extra)}"] if extra and found else []


def _to_schema(
    columns: dict[str, pa.Array], parsed, keep: np.ndarray, mapping, org: str
) -> pa.Table:
    """Accepted rows in the schema's column order and types, with provenance filled in."""
    schema = TABLES[mapping.table].arrow_schema()
    n = parsed.table.num_rows
    extra = {
        "source": pa.array([org] * n),
        "record_id": parsed.table[mapping.key].combine_chunks()
        if mapping.key in parsed.table.column_names
        else pa.nulls(n, pa.string()),
        "row_number": pa.array(parsed.row_numbers),
        mapping.org_column: pa.array([org] * n),
    }
    cols = []
    for fld in schema:
        value = columns.get(fld.name, extra.get(fld.name))
        value = pa.nulls(n, fld.type) if value is None else value.cast(fld.type)
        cols.append(value.filter(pa.array(keep)))
    return pa.Table.from_arrays(cols, schema=schema)


def _commit(
    lake: Lake,
    base: dict,
    tables: dict[str, pa.Table],
    issues: pa.Table,
    rows_in: int,
    notes: list[str],
) -> dict:
    quarantined = issues.filter(pc.equal(issues["severity"], "quarantined"))
    flagged = issues.filter(pc.equal(issues["severity"], "flagged"))
    stamped = {name: _stamp(t, base["load_id"]) for name, t in tables.items()}
    if issues.num_rows:
        stamped["_quarantine"] = issues.append_column(
            "file", pa.array([base["file"]] * issues.num_rows)
        )
    report = {
        **base,
        "status": "loaded",
        "rows_in": rows_in,
        "accepted": _accepted(tables, base),
        "quarantined": len(pc.unique(quarantined["row_number"])),
        "flagged": len(pc.unique(flagged["row_number"])),
        "reasons": dict(Counter(quarantined["reason"].to_pylist())),
        "flag_reasons": dict(Counter(flagged["reason"].to_pylist())),
        "notes": notes,
        "loaded_at": datetime.now(UTC).isoformat(timespec="microseconds"),
    }
    if report["rows_in"] != report["accepted"] + report["quarantined"]:
        # never publish a leak
        raise AssertionError(f"{base['file']}: reconciliation failed {report}")
    lake.publish(base["load_id"], stamped, base.get("source", "unknown"), report)
    return report


def _stamp(table: pa.Table, load_id: str) -> pa.Table:
    column = pa.array([load_id] * table.num_rows, pa.string())
    return table.set_column(table.schema.get_field_index("load_id"), "load_id", column)


def _accepted(tables: dict[str, pa.Table], base: dict) -> int:
    """Accepted rows are those of the feed's primary table (FHIR: resources kept)."""
    if base.get("kind") == "fhir":
        return tables["fhir_resource"].num_rows if "fhir_resource" in tables else 0
    return sum(t.num_rows for t in tables.values())


def _rejected(base: dict, data: bytes, reason: str) -> _Prepared:
    """A whole file is unusable: every data line is quarantined with the reason."""
    lines = [ln for ln in data.split(b"\n")[1:] if ln.strip()]
    issues = Issues()
    issues.add(np.arange(1, len(lines) + 1), "(file)", [""] * len(lines), reason)
    return _Prepared(base, issues=issues.table(), rows_in=len(lines), notes=[reason])


def _public(manifest: dict) -> dict:
    return {k: v for k, v in manifest.items() if k != "outputs"}


def summarise(reports: Iterable[dict]) -> dict:
    reports = list(reports)
    keys = ("rows_in", "accepted", "quarantined", "flagged")
    return {k: sum(r.get(k, 0) for r in reports) for k in keys} | {"files": len(reports)}
