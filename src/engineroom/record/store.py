"""Loading the record store from the linked lake: a new load beside the current one, swapped in.

:func:`load` writes every person's row under a new :class:`RecordLoad` (status ``loading``) in
batches: PostgreSQL's COPY FROM STDIN, else batched INSERTs. Readers read only the current
load's rows, so the rows being written are invisible to them. Then one transaction retires the
old current load and makes this one current (and audits it), and only after that are the
retired loads' rows deleted, in batches. If anything fails, the load is marked ``failed`` with
the message, its rows are deleted, and the old load stays current.

The documents come from :mod:`engineroom.population.record` (DuckDB, streamed in Arrow
batches), so the population never sits in Python at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
from django.db import connection, transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.population.record import PERSON_COLUMNS, build
from engineroom.population.record.builder import BATCH_ROWS
from engineroom.record.models import LoadStatus, PersonRecord, RecordLoad

Progress = Callable[[int, int], None]  # (people written, people in all)
DELETE_BATCH = 20_000
TEXT = [c for c in PERSON_COLUMNS if c not in {"birth_date", "registration_date", "date_of_death"}]
COLUMNS = ("load_id", *PERSON_COLUMNS, "family_key", "document")


def load(
    var: str | Path, *, progress: Progress | None = None, by=None, batch_rows: int = BATCH_ROWS
) -> RecordLoad:
    """Load the store from the current linked version of the lake in ``var``; returns the new
    current load, with ``report`` (the build's counts) set on it. Raises whatever stopped the
    load, after marking it failed. ``by``: the user who asked (None: the system)."""
    with build(var, batch_rows=batch_rows) as built:
        clear_interrupted(by=by)
        record_load = RecordLoad.objects.create(
            version=built.version, status=LoadStatus.LOADING, extract_date=built.extract_date
        )
        try:
            people = _write(record_load, built.batches(), built.report["people"], progress)
            _make_current(record_load, built.report, people, by=by)
        except BaseException as error:
            _fail(record_load, error, by=by)
            raise
    clear_retired()
    record_load.report = built.report
    return record_load


def _write(record_load: RecordLoad, batches, total: int, progress: Progress | None) -> int:
    """Every batch written; returns the people written."""
    written = 0
    for batch in batches:
        with transaction.atomic():
            _write_batch(record_load.pk, batch)
        written += batch.num_rows
        if progress is not None:
            progress(written, total)
    return written


def _write_batch(load_id: int, batch: pa.RecordBatch) -> None:
    """One batch of rows of one load, by COPY on PostgreSQL, else one executemany."""
    rows = _rows(load_id, batch)
    table = PersonRecord._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _rows(load_id: int, batch: pa.RecordBatch) -> list[tuple]:
    """The batch as row tuples in :data:`COLUMNS` order (``family_key`` computed here)."""
    columns = {name: batch.column(name).to_pylist() for name in (*PERSON_COLUMNS, "document")}
    columns["family_key"] = [name.casefold() for name in columns["family_name"]]
    for name in TEXT:  # the model's text columns are blank, not null
        columns[name] = ["" if v is None else v for v in columns[name]]
    ordered = [[load_id] * batch.num_rows] + [columns[c] for c in COLUMNS[1:]]
    return list(zip(*ordered, strict=True))


def _make_current(record_load: RecordLoad, report: dict, people: int, *, by) -> None:
    """In one transaction: the old current load retired, this one current, audited."""
    with transaction.atomic():
        RecordLoad.objects.filter(status=LoadStatus.CURRENT).update(status=LoadStatus.RETIRED)
        record_load.status = LoadStatus.CURRENT
        record_load.finished_at = timezone.now()
        record_load.people = people
        record_load.entries = report["entries"]
        record_load.save(update_fields=["status", "finished_at", "people", "entries"])
        audit.record(
            "record.loaded",
            audit.subject(record_load),
            by=by,
            details=_details(record_load, report),
        )


def _details(record_load: RecordLoad, report: dict) -> dict:
    """Counts only: never a person's identifiers."""
    return {
        "version": record_load.version,
        "people": record_load.people,
        "entries": record_load.entries,
        "entries_by_table": report["entries_by_table"],
        "unlinked_by_table": report["unlinked_by_table"],
        "extract_date": report["extract_date"],
    }


def _fail(record_load: RecordLoad, error: BaseException, *, by) -> None:
    """The load marked failed with the message and its rows deleted; the current load stays."""
    message = f"{type(error).__name__}: {error}"[:2000]
    _delete_rows(record_load.pk)
    with transaction.atomic():
        RecordLoad.objects.filter(pk=record_load.pk).update(
            status=LoadStatus.FAILED, finished_at=timezone.now(), message=message
        )
        audit.record(
            "record.load_failed",
            audit.subject(record_load),
            by=by,
            details={"version": record_load.version, "message": message},
        )


def clear_interrupted(*, by=None) -> int:
    """Loads left ``loading`` by a process that died: marked failed, their rows deleted. One load
    runs at a time (the command is the store's only writer), so any other is a leftover."""
    stale = RecordLoad.objects.filter(status=LoadStatus.LOADING)
    for found in stale:
        _fail(
            found, RuntimeError("interrupted: the process stopped before the load finished"), by=by
        )
    return len(stale)


def clear_retired() -> int:
    """Delete the retired loads and their rows (in batches); returns the rows deleted."""
    deleted = 0
    for pk in RecordLoad.objects.filter(status=LoadStatus.RETIRED).values_list("pk", flat=True):
        deleted += _delete_rows(pk)
        RecordLoad.objects.filter(pk=pk, status=LoadStatus.RETIRED).delete()
    return deleted


def _delete_rows(load_id: int) -> int:
    """Delete one load's rows, a batch per transaction (short locks, bounded WAL)."""
    table = PersonRecord._meta.db_table
    sql = (
        f"DELETE FROM {table} WHERE id IN "
        f"(SELECT id FROM {table} WHERE load_id = %s LIMIT {DELETE_BATCH})"
    )
    deleted = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [load_id])
            count = cursor.rowcount
        deleted += count
        if count < DELETE_BATCH:
            return deleted
