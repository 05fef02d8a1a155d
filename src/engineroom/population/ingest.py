"""Ingest feed files into the lake: validate, quarantine, reconcile, publish atomically.

``ingest_path(path, var)`` loads one file or every feed file under a folder, oldest extract first.
Each file is idempotent (keyed by its name's kind/sender/date and a hash of its content) and
published whole or not at all; a re-run after a crash recovers the lake and loads what is missing.

Bad input never crashes a run and never blocks the rest of a folder: a file that cannot be used
(wrong name, unreadable header, wrong feed kind, extract date in the future, ...) is committed as
*quarantined whole*, each record it holds (``csvfile.count_records``) quarantined with the file's
reason, so ``rows_in == accepted + quarantined`` holds for every file, and re-sending it is a no-op.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engineroom.population import fhir
from engineroom.population.csvfile import count_records, is_blank, read_csv, strip_boms
from engineroom.population.fhir import bulk
from engineroom.population.issues import FeedError, Issues
from engineroom.population.lake import Lake
from engineroom.population.schema import TABLES
from engineroom.population.sources import FEEDS, FeedNameError, feed_label, parse_name
from engineroom.population.validate import EARLIEST, check_header, validate

FEED_SUFFIXES = {".csv", ".ndjson", ".json", ".xml"}  # FHIR may come as XML (UK Core)
COMMITTED = ("loaded", "already loaded")
FRESH = ("loaded", "quarantined")  # statuses of files committed by this run


def load_id_for(path: Path, data: bytes) -> str:
    digest = hashlib.sha256(feed_label(path).encode() + b"\0" + data).hexdigest()
    return digest[:24]


def feed_files(path: Path) -> list[Path]:
    """Feed files under a folder, oldest extract first (so late re-sends supersede)."""
    if path.is_file():
        return [path]
    files = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FEED_SUFFIXES]
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
    with _executor(min(workers, len(files))) as pool:  # a worker per file at most
        for prepared in pool.map(_prepare, files, [lake.root.parent] * len(files)):
            report = _finish(lake, prepared)
            reports.append(report)
            if on_file:
                on_file(report)
    bulk.release()  # the Patients of the last bulk folder read in this process
    if any(r["status"] in FRESH for r in reports) or not lake.catalog_current():
        lake.rebuild_catalog()  # new loads, or a catalog left stale by a crash before its swap
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
    """A file read and validated, ready to commit: its report, tables and issues (or the report
    of a file committed before, ``done``, or one that could not be read at all, ``skipped``)."""

    report: dict
    done: dict | None = None
    tables: dict[str, pa.Table] = field(default_factory=dict)
    issues: pa.Table | None = None
    skipped: bool = False
    stage: Path | None = None  # the tables written as Parquet, ready to move into place
    names: list[str] = field(default_factory=list)


def _prepare(path: Path, var: Path) -> _Prepared:
    """Everything but the commit: read, validate and stage the tables as Parquet. Safe in a
    worker process (it writes only its own staging folder), and the tables never travel back to
    the committing process: it only moves the staged files into place."""
    prepared = _read(path, var)
    if prepared.skipped or prepared.done:
        return prepared
    tables = _stamped(prepared)
    prepared.stage = Lake(var).stage(prepared.report["load_id"], tables)
    prepared.names, prepared.tables, prepared.issues = list(tables), {}, None
    return prepared


def _stamped(prepared: _Prepared) -> dict[str, pa.Table]:
    """The load's tables stamped with its load id, and its issues with the file name."""
    load_id, issues = prepared.report["load_id"], prepared.issues
    stamped = {name: _stamp(t, load_id) for name, t in prepared.tables.items()}
    if issues is not None and issues.num_rows:
        stamped["_quarantine"] = issues.append_column(
            "file", pa.array([prepared.report["file"]] * issues.num_rows)
        )
    return stamped


def _read(path: Path, var: Path) -> _Prepared:
    """Read and validate one file (it only reads the lake)."""
    try:
        data = path.read_bytes()
    except OSError as exc:  # not ours to read: reported, not committed, tried again next run
        reason = f"{path.name}: could not be opened ({exc.strerror or exc})"
        report = {"file": path.name, "path": str(path), "status": "unreadable", **_empty(reason)}
        return _Prepared(report, skipped=True)
    load_id = load_id_for(path, data)
    base = {"file": feed_label(path), "path": str(path), "load_id": load_id, "bytes": len(data)}
    done = Lake(var).manifest(load_id)
    if done:
        return _Prepared(base, done=done)
    ext = path.suffix.lstrip(".").lower()
    try:
        name = parse_name(path)
    except FeedNameError as exc:
        return _whole_file({**base, "source": "unknown"}, data, ext, str(exc))
    base |= {"kind": name.kind, "source": name.org, "extract_date": str(name.extract_date)}
    try:
        _check_extract_date(name)
        tables, issues, rows_in, notes = _load(data, name)
        report = _report(base, tables, issues, rows_in, notes)
        return _Prepared(report, tables=tables, issues=issues)
    except FeedError as exc:
        return _whole_file(base, data, ext, f"{path.name}: {exc}", exc.records)
    except Exception as exc:  # the last line of defence: one bad file never stops the rest
        why = f"{path.name}: unexpected error while reading ({type(exc).__name__}: {exc})"
        return _whole_file(base, data, ext, why[:500])


def _check_extract_date(name) -> None:
    latest = date.today() + timedelta(days=1)  # a day's grace for senders ahead of our clock
    if name.extract_date > latest:
        raise FeedError(f"extract date {name.extract_date} in the file name is in the future")
    if name.extract_date < EARLIEST:
        raise FeedError(f"extract date {name.extract_date} in the file name is before {EARLIEST}")


def _finish(lake: Lake, prepared: _Prepared) -> dict:
    """Commit a prepared file, unless it (or the same file earlier in this batch) is committed."""
    if prepared.skipped:
        return prepared.report
    done = prepared.done or lake.manifest(prepared.report["load_id"])
    if done:
        if prepared.stage is not None:  # the same file twice in one batch: drop the second
            shutil.rmtree(prepared.stage, ignore_errors=True)
        return {**_public(done), "status": f"already {done.get('status', 'loaded')}"}
    report = {**prepared.report, "loaded_at": datetime.now(UTC).isoformat(timespec="microseconds")}
    lake.commit(
        report["load_id"], prepared.stage, prepared.names, report.get("source", "unknown"), report
    )
    return report


def _load(data: bytes, name) -> tuple[dict[str, pa.Table], pa.Table, int, list[str]]:
    if is_blank(strip_boms(data)):
        raise FeedError("the file is empty (not even a header)", 0)
    if name.kind == "fhir":
        return fhir.load(data, name)
    mapping = FEEDS[name.kind]
    parsed = read_csv(data)
    check_header(parsed.table.column_names, mapping, parsed.rows_in)
    notes = parsed.notes + _column_notes(parsed.table.column_names, mapping)
    if parsed.table.num_rows == 0:
        return {}, parsed.issues.table(), parsed.rows_in, notes
    columns, keep, issues = validate(parsed, mapping, name.extract_date)
    tables = {mapping.table: _to_schema(columns, parsed, keep, mapping, name.org)}
    if not keep.all():  # the records as sent, so the data manager can correct them later
        tables["_quarantine_records"] = _records(parsed, ~keep)
    return tables, issues.table(), parsed.rows_in, notes


def _records(parsed, mask: np.ndarray) -> pa.Table:
    """Quarantined records as sent: row number and the record as JSON (column -> text)."""
    rows = parsed.table.filter(pa.array(mask)).to_pylist()
    return pa.table(
        {
            "row_number": pa.array(parsed.row_numbers[mask], pa.int64()),
            "record": pa.array([json.dumps(r) for r in rows], pa.string()),
            "load_id": pa.array([""] * len(rows), pa.string()),
        }
    )


def _column_notes(found: list[str], mapping) -> list[str]:
    extra = sorted(set(found) - set(mapping.feed_columns))
    if not extra:
        return []
    shown = ", ".join(extra[:10]) + (f" and {len(extra) - 10:,} more" if len(extra) > 10 else "")
    return [f"unexpected columns ignored: {shown}"]


def _to_schema(
    columns: dict[str, pa.Array], parsed, keep: np.ndarray, mapping, org: str
) -> pa.Table:
    """Accepted rows in the schema's column order and types, with provenance filled in."""
    schema = TABLES[mapping.table].arrow_schema()
    n = parsed.table.num_rows
    extra = {
        "source": _constant(org, n),
        "record_id": parsed.table[mapping.key].combine_chunks()
        if mapping.key in parsed.table.column_names
        else pa.nulls(n, pa.string()),
        "row_number": pa.array(parsed.row_numbers),
        mapping.org_column: _constant(org, n),
    }
    cols = []
    for fld in schema:
        value = columns.get(fld.name, extra.get(fld.name))
        value = pa.nulls(n, fld.type) if value is None else value.cast(fld.type)
        cols.append(value if keep.all() else value.filter(pa.array(keep)))
    return pa.Table.from_arrays(cols, schema=schema)


def _constant(text: str, n: int) -> pa.Array:
    """``n`` copies of one string, built straight from buffers (``pa.array([text] * n)`` makes a
    Python list of ``n`` items)."""
    data = text.encode()
    offsets = np.arange(0, (n + 1) * len(data), len(data) or 1, dtype=np.int64)[: n + 1]
    offsets = offsets if data else np.zeros(n + 1, np.int64)
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(data * n)]
    return pa.Array.from_buffers(pa.large_string(), n, buffers).cast(pa.string())


def _report(
    base: dict, tables: dict[str, pa.Table], issues: pa.Table, rows_in: int, notes: list[str]
) -> dict:
    """The reconciliation of one file."""
    quarantined = issues.filter(pc.equal(issues["severity"], "quarantined"))
    flagged = issues.filter(pc.equal(issues["severity"], "flagged"))
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
    }
    if report["rows_in"] != report["accepted"] + report["quarantined"]:  # never publish a leak
        raise FeedError(
            f"records do not reconcile ({rows_in} in, {report['accepted']} accepted, "
            f"{report['quarantined']} quarantined)"
        )
    return report


def _stamp(table: pa.Table, load_id: str) -> pa.Table:
    column = _constant(load_id, table.num_rows)
    return table.set_column(table.schema.get_field_index("load_id"), "load_id", column)


def _accepted(tables: dict[str, pa.Table], base: dict) -> int:
    """Accepted rows are those of the feed's primary table (FHIR: resources kept)."""
    if base.get("kind") == "fhir":
        return tables["fhir_resource"].num_rows if "fhir_resource" in tables else 0
    return sum(t.num_rows for name, t in tables.items() if not name.startswith("_"))


def _empty(reason: str, records: int = 0) -> dict:
    return {
        "rows_in": records,
        "accepted": 0,
        "quarantined": records,
        "flagged": 0,
        "reasons": {reason: records},
        "flag_reasons": {},
        "notes": [reason],
        "file_error": reason,
    }


def _whole_file(
    base: dict, data: bytes, ext: str, reason: str, records: int | None = None
) -> _Prepared:
    """The whole file is unusable: each record it holds (as far as it can be read; see
    ``csvfile.count_records``) is quarantined with the file's reason."""
    n = count_records(data, ext) if records is None else records
    issues = Issues()
    issues.add(np.arange(1, n + 1), "(file)", [""] * n, reason)
    report = {**base, "status": "quarantined", **_empty(reason, n)}
    return _Prepared(report, issues=issues.table())


def _public(manifest: dict) -> dict:
    return {k: v for k, v in manifest.items() if k != "outputs"}


def exit_status(reports: list[dict], *, strict: bool = False) -> int:
    """1 if files were found but none could be read, or (``strict``) if anything was
    quarantined; else 0. An empty folder is not an error."""
    if reports and not any(r["status"] in COMMITTED for r in reports):
        return 1
    if strict and any(r["status"] not in COMMITTED or r.get("quarantined") for r in reports):
        return 1
    return 0


def summarise(reports: Iterable[dict]) -> dict:
    reports = list(reports)
    keys = ("rows_in", "accepted", "quarantined", "flagged")
    totals = {k: sum(r.get(k, 0) for r in reports) for k in keys} | {"files": len(reports)}
    whole = [r for r in reports if r["status"] not in COMMITTED]
    return totals | {"files_quarantined": len(whole)}
