"""Orchestration: link the lake's committed loads and publish the linked and secondary-use views.

Small keyword-only functions; the CLI and the web call :func:`run_linkage`. Output goes to
``lake/linked/<version>/`` and becomes visible only when ``lake/linked/CURRENT`` is swapped to it.

Everything runs in the engine: it reads the lake's committed Parquet files itself
(:func:`engineroom.population.lake.scan`), each output is written by the engine (DuckDB ``COPY``;
on PySpark by the executors) and read back from its file by the steps after it, and the report's
counts are aggregates computed there. No person-level row passes through Python, so memory stays
bounded: DuckDB spills to a work folder beyond its ``memory_limit``.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from engineroom.population import linkage, manual_links, publish
from engineroom.population.engine import (
    Engine,
    connect,
    count_rows,
    register,
    unique_name,
    write_parquet,
)
from engineroom.population.lake import Lake, scan
from engineroom.population.pseudonymise import key_from_env, pseudonymised
from engineroom.population.schema import EVENT_TABLES, TABLES

WORK = ".work"  # scratch (intermediates, DuckDB spill) inside the version being written


def read_with_seq(lake: Lake, table: str) -> pa.Table | None:
    """Committed rows of a table with ``load_seq`` (load order) so later re-sends win.

    Reads into Python: for small tables and tests; the linkage reads in the engine instead."""
    parts = []
    for seq, path in lake.committed(table):
        t = pq.ParquetFile(path).read()  # no hive partition inference
        parts.append(t.append_column("load_seq", pa.array([seq] * t.num_rows, pa.int64())))
    return pa.concat_tables(parts) if parts else None


@dataclass
class _Run:
    """One linkage run: the engine, the lake, and the folder of the version being written."""

    con: object
    lake: Lake
    folder: Path
    loads: list[dict] = field(default_factory=list)

    @property
    def work(self) -> Path:
        return self.folder / WORK

    def scan(self, table: str):
        """The committed rows of ``table`` (an empty table of its shape if it has none)."""
        found = scan(self.con, self.lake, table, self.loads)
        if found is not None:
            return found
        empty = TABLES[table].arrow_schema().append(pa.field("load_seq", pa.int64()))
        return register(self.con, unique_name(f"empty_{table}"), empty.empty_table())

    def write(self, expr, name: str, *, scratch: bool = False):
        """Write ``expr`` to ``<name>.parquet`` in the engine; returns the table read back."""
        path = (self.work if scratch else self.folder) / f"{name}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_parquet(self.con, expr, path)
        view = ("work_" if scratch else "out_") + name
        return self.con.read_parquet(path, table_name=unique_name(view))


def _connect(engine: Engine, work: Path):
    """The run's engine; DuckDB keeps to its memory limit, spilling to the work folder, and
    need not keep row order (every output is a set; readers sort)."""
    con = connect(engine, spill=work)
    if con.name == "duckdb":
        con.raw_sql("SET preserve_insertion_order = false")
    return con


def run_linkage(
    *, var: str | Path, engine: Engine = "duckdb", key: str | bytes | None = None
) -> dict:
    """Build the person index, link every event table, write direct-care and secondary views."""
    lake = Lake(var)
    secret = key_from_env(key)
    report: dict = {"engine": engine}

    def write(folder: Path, version: str) -> None:
        con = _connect(engine, folder / WORK)
        try:
            report.update(_link(_Run(con, lake, folder, lake.loads()), var, secret))
        finally:
            if con.name == "duckdb":  # Spark's session is shared by the process: kept
                con.disconnect()
            shutil.rmtree(folder / WORK, ignore_errors=True)
        (folder / "report.json").write_text(json.dumps(report | {"version": version}, indent=1))

    report["version"] = publish.publish(lake.root / "linked", "v", write)
    return report


def _link(run: _Run, var, secret: bytes) -> dict:
    """Every output of one linkage run written; returns the report's counts."""
    index = run.write(
        linkage.person_index(run.scan("person"), run.scan("lsoa_deprivation")), "person_index"
    )
    opted = run.write(run.scan("national_opt_out").select("nhs_number"), "opted", scratch=True)
    people = index.select("nhs_number")
    pseudo = run.write(pseudonymised(people, "nhs_number", secret), "pseudo", scratch=True)
    linked = _link_events(run, var, index)
    type1 = None
    if "gp_event" in linked:
        type1 = run.write(linkage.type1_objectors(linked["gp_event"]), "type1", scratch=True)
    tables = {}
    for table, rows in linked.items():
        gp = type1 if table in linkage.GP_TABLES else None
        secondary = run.write(linkage.secondary_use(rows, pseudo, opted, gp), f"secondary/{table}")
        tables[table] = _counts(rows, secondary)
    # The register itself for secondary use: registration data comes from GP feeds, so type 1
    # objections apply as well as national opt-outs.
    register_ = index.mutate(person_id=index.nhs_number)
    secondary_people = run.write(
        linkage.secondary_use(register_, pseudo, opted, type1), "secondary/person"
    )
    unlinked = run.write(_unlinked(run, linked), "unlinked")
    return {
        "people": count_rows(index),
        "tables": tables,
        "secondary_people": count_rows(secondary_people),
        "unlinked": count_rows(unlinked),
    }


def _link_events(run: _Run, var, index) -> dict:
    """Every event table with committed rows linked and written (the data manager's decisions
    read first). Returns table name -> the linked table read back."""
    manual = manual_links.table(var)
    manual_t = register(run.con, unique_name("manual_links"), manual) if manual.num_rows else None
    linked = {}
    for table in EVENT_TABLES:
        files = run.lake.committed(table, run.loads)
        if not files:
            continue
        events = run.scan(table)
        if _resent(files):  # written once: the rules read the latest copies several times
            events = run.write(linkage.latest_copy(events), f"latest/{table}", scratch=True)
        linked[table] = run.write(linkage.link(events, index, manual_t, table, latest=True), table)
    return linked


def _resent(files: list[tuple[int, Path]]) -> bool:
    """True if a sender has more than one load of the table: only then can a record have been
    re-sent (a record id is unique within a load: the ingest quarantines duplicates)."""
    senders = [path.parent.name for _seq, path in files]  # source=<org>
    return len(senders) != len(set(senders))


def _counts(linked, secondary) -> dict:
    """Rows, secondary-use rows and rows per link rule, aggregated in the engine."""
    rules = (
        linked.group_by(rule=linked.link_rule.fill_null("unlinked"))
        .agg(n=linked.count())
        .to_pyarrow()
    )
    by_rule = dict(zip(rules["rule"].to_pylist(), rules["n"].to_pylist(), strict=True))
    return {
        "rows": count_rows(linked),
        "secondary_rows": count_rows(secondary),
        "by_rule": dict(sorted(by_rule.items(), key=lambda kv: -kv[1])),
    }


def _unlinked(run: _Run, linked: dict):
    """The unlinked queue: every event table's unlinked rows, with the table and the reason."""
    parts = [
        rows.filter(rows.person_id.isnull()).select(
            table=ibis.literal(table, "string"),
            **{c: rows[c] for c in manual_links.UNLINKED_COLUMNS},
            reason=rows.unlinked_reason,
        )
        for table, rows in linked.items()
    ]
    if not parts:
        empty = manual_links.UNLINKED_SCHEMA.empty_table()
        return register(run.con, unique_name("unlinked_empty"), empty)
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


def current_version(lake: Lake) -> str | None:
    return publish.current(lake.root / "linked")


def linked_path(lake: Lake, name: str) -> Path | None:
    version = current_version(lake)
    return lake.root / "linked" / version / f"{name}.parquet" if version else None
