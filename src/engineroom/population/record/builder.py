"""Build every person's record document from the current linked lake version, in DuckDB.

One pass per linked table writes its entries into a work table (:mod:`.entries`); one GROUP BY
then builds each person's document (entries newest first, as JSON) beside their demographics
from ``person_index``, and the rows stream out as Arrow record batches: the whole population is
never in Python at once, and DuckDB spills to the work folder beyond its memory limit.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from engineroom.population.engine import MEMORY_DEFAULT, MEMORY_ENV
from engineroom.population.lake import Lake
from engineroom.population.pipeline import current_version
from engineroom.population.record import codes
from engineroom.population.record.entries import COLUMNS, SELECTS

PERSON_COLUMNS = (
    "nhs_number",
    "family_name",
    "given_name",
    "birth_date",
    "sex",
    "postcode_district",
    "registered_practice",
    "registration_date",
    "date_of_death",
)
DATES = {"birth_date", "registration_date", "date_of_death"}
BATCH_ROWS = 5_000
BUCKET_ENTRIES = 1_000_000  # entries grouped at once: well inside a 2 GB DuckDB memory limit
EMPTY = '{"entries":[]}'


class NoLinkedVersion(RuntimeError):
    """There is no linked lake version to build the record from."""


@dataclass
class Build:
    """A build in progress: what it read, its counts, and its rows to stream (once)."""

    version: str
    extract_date: date | None
    report: dict
    con: duckdb.DuckDBPyConnection
    folder: Path
    batch_rows: int = BATCH_ROWS

    def batches(self) -> Iterator[pa.RecordBatch]:
        """Per-person rows: :data:`PERSON_COLUMNS` and ``document`` (a JSON string), a bucket of
        people at a time (people hashed into buckets of about :data:`BUCKET_ENTRIES` entries; 4 M ran out of 2 GB at 1.5 M people),
        so the grouping of entries by person always fits in DuckDB's memory limit."""
        buckets = max(1, -(-self.report["entries"] // BUCKET_ENTRIES))
        for bucket in range(buckets):
            sql = _documents_sql(self.folder, bucket, buckets)
            yield from self.con.execute(sql).to_arrow_reader(self.batch_rows)


@contextmanager
def build(var: str | Path, *, batch_rows: int = BATCH_ROWS) -> Iterator[Build]:
    """The record of everyone in the current linked version; the work folder (under
    ``<var>/record``) is removed when the block ends."""
    lake = Lake(var)
    version = current_version(lake)
    if version is None:
        raise NoLinkedVersion(f"no linked lake version in {lake.root}: run the linkage first")
    folder = lake.root / "linked" / version
    parent = Path(var) / "record"
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="build-", dir=parent))
    con = duckdb.connect(str(work / "build.duckdb"))
    try:
        _prepare(con, work, folder)
        report = _report(con, folder, version)
        extract = report["extract_date"]
        when = date.fromisoformat(extract) if extract else None
        yield Build(version, when, report, con, folder, batch_rows)
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def _prepare(con, work: Path, folder: Path) -> None:
    """The code tables, then every linked table's entries in one work table."""
    con.execute(f"SET temp_directory = '{_quoted(work / 'spill')}'")
    con.execute(f"SET memory_limit = '{os.environ.get(MEMORY_ENV, MEMORY_DEFAULT)}'")
    con.execute("SET preserve_insertion_order = false")
    con.register("codes_arrow", codes.table())
    con.register("chapters_arrow", codes.chapters())
    con.execute("CREATE TABLE codes AS SELECT * FROM codes_arrow")
    con.execute("CREATE TABLE chapters AS SELECT * FROM chapters_arrow")
    selects = [
        make(_quoted(path))
        for table, makers in SELECTS.items()
        if (path := folder / f"{table}.parquet").exists()
        for make in makers
    ]
    if selects:
        con.execute("CREATE TABLE entries AS " + " UNION ALL ".join(selects))
    else:
        columns = ", ".join(f'NULL::VARCHAR AS "{c}"' for c in COLUMNS)
        con.execute(f"CREATE TABLE entries AS SELECT NULL AS person_id, NULL AS tbl, {columns}")
        con.execute("DELETE FROM entries")


def _quoted(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")


def _report(con, folder: Path, version: str) -> dict:
    """People, entries (of people in the index) per table, unlinked rows per table (not in
    anybody's record), entries whose person is not in the index, and the extract date."""
    index = f"read_parquet('{_quoted(folder / 'person_index.parquet')}')"
    people = con.execute(f"SELECT count(*) FROM {index}").fetchone()[0]
    by_table = dict(
        con.execute(
            f"SELECT tbl, count(*) FROM entries WHERE person_id IN (SELECT nhs_number FROM {index})"
            " GROUP BY tbl ORDER BY tbl"
        ).fetchall()
    )
    orphans = con.execute(
        f"SELECT count(*) FROM entries WHERE person_id NOT IN (SELECT nhs_number FROM {index})"
    ).fetchone()[0]
    extract = con.execute(
        "SELECT max(date) FROM entries WHERE tbl = 'gp_event' AND setting = 'gp'"
    ).fetchone()[0]
    return {
        "version": version,
        "extract_date": extract.isoformat() if extract else None,
        "people": people,
        "entries": sum(by_table.values()),
        "entries_by_table": by_table,
        "unlinked_by_table": _unlinked(con, folder),
        "not_in_index": orphans,
    }


def _unlinked(con, folder: Path) -> dict[str, int]:
    """Rows of each linked table with no person: counted, never in a record."""
    found = {}
    for table in SELECTS:
        path = folder / f"{table}.parquet"
        if path.exists():
            found[table] = con.execute(
                f"SELECT count(*) FROM read_parquet('{_quoted(path)}') WHERE person_id IS NULL"
            ).fetchone()[0]
    return found


def _documents_sql(folder: Path, bucket: int = 0, buckets: int = 1) -> str:
    """Each person in the index with their document: entries newest first (date, then id, both
    descending).

    Each entry is made JSON first; a person's entries are gathered unordered with their date and
    id and sorted as a list: about twice as fast in DuckDB as an ordered aggregate, which buffers
    and sorts every group apart."""
    fields = ", ".join(f"'{c}': e.\"{c}\"" for c in COLUMNS)
    person = ", ".join(
        f"p.{c}" if c in DATES else f"coalesce(p.{c}, '') AS {c}" for c in PERSON_COLUMNS
    )
    index = f"read_parquet('{_quoted(folder / 'person_index.parquet')}')"
    return f"""
        WITH entry AS (
            SELECT e.person_id, struct_pack(d := e."date", i := e.id,
                   j := to_json({{{fields}}})::VARCHAR) AS e
            FROM entries AS e WHERE hash(e.person_id) % {buckets} = {bucket}
        ), docs AS (
            SELECT person_id,
                   '{{"entries":[' || array_to_string(
                       list_transform(list_reverse_sort(list(e)), x -> x.j), ','
                   ) || ']}}' AS document
            FROM entry GROUP BY person_id
        )
        SELECT {person}, coalesce(d.document, '{EMPTY}') AS document
        FROM {index} AS p LEFT JOIN docs AS d ON d.person_id = p.nhs_number
        WHERE hash(p.nhs_number) % {buckets} = {bucket}
    """
