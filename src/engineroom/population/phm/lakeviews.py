"""The published linked lake (``lake/linked/CURRENT``) as Ibis tables, on DuckDB or PySpark.

Direct-care tables carry every linked row (opt-outs are not applied: that is for direct care);
``national_opt_out`` is read from the committed loads so secondary-use outputs can apply it, and
``type1_objection`` is everyone with a GP type 1 objection coded.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import ibis
import pyarrow as pa

from engineroom.population import engine as engines
from engineroom.population.lake import Lake, scan
from engineroom.population.linkage import TYPE1_SNOMED
from engineroom.population.phm.codes import code_rows
from engineroom.population.pipeline import current_version
from engineroom.population.schema import TABLES

# view name -> linked table (file ``<name>.parquet`` and schema table)
VIEWS = {
    "person": "person_index",
    "gp_event": "gp_event",
    "medication": "medication",
    "apc": "apc_episode",
    "ae": "ae_attendance",
    "op": "outpatient",
    "community": "community_contact",
    "mh": "mh_contact",
    "social_care": "social_care_service",
    "care_home": "care_home_residency",
}


class NoLinkedData(RuntimeError):
    """There is no published linked lake version to build on."""


class LinkedLake:
    """The linked tables of one lake version on one engine; ``table(name)`` gives an Ibis table."""

    def __init__(self, con, engine: str, tables: dict[str, ibis.Table], folder: Path | None):
        self.con = con
        self.engine = engine
        self.folder = folder
        self._tables = tables
        self._codes = None

    @classmethod
    def over(cls, con, tables: dict[str, ibis.Table], folder: Path | None = None) -> LinkedLake:
        """A lake over tables already in ``con`` (keyed by view name, e.g. ``person``, ``apc``);
        tables not given are empty; event tables keep linked rows only, as in :func:`connect`.
        ``national_opt_out`` and ``type1_objection`` may be given, else they are derived."""
        engine = con.name
        views = {}
        for view, table in VIEWS.items():
            t = tables.get(view)
            if t is None:
                t = engines.register(con, engines.unique_name(view), _empty(table))
            views[view] = t if view == "person" else t.filter(t.person_id.notnull())
        opted = tables.get("national_opt_out")
        if opted is None:
            empty = pa.table({"nhs_number": pa.array([], pa.string())})
            opted = engines.register(con, engines.unique_name("national_opt_out"), empty)
        views["national_opt_out"] = opted.select("nhs_number").distinct()
        gp = views["gp_event"]
        type1 = tables.get("type1_objection")
        if type1 is None:
            type1 = gp.filter(gp.snomed_code == TYPE1_SNOMED)
        views["type1_objection"] = type1.select("person_id").distinct()
        return cls(con, engine, views, folder)

    def close(self) -> None:
        """Release the engine: a DuckDB connection closes (its memory and spill files go); a
        Spark session is the process's, shared by every lake, and stays."""
        if self.engine != "pyspark":
            self.con.disconnect()

    def table(self, name: str) -> ibis.Table:
        try:
            return self._tables[name]
        except KeyError:
            raise KeyError(f"no linked table {name!r} (one of {sorted(self._tables)})") from None

    def codes(self) -> ibis.Table:
        """The code lists as a small engine table (code, concept): ``cond:<condition>`` for each
        condition, ``efi:<deficit>`` for each coded eFI deficit."""
        if self._codes is None:
            rows = code_rows()
            table = pa.table(
                {"code": [r[0] for r in rows], "concept": [r[1] for r in rows]},
                schema=pa.schema([("code", pa.string()), ("concept", pa.string())]),
            )
            self._codes = engines.register(self.con, engines.unique_name("phm_codes"), table)
        return self._codes


def _empty(table: str) -> pa.Table:
    schema = TABLES[table].arrow_schema()
    if table != "person_index" and "person_id" not in schema.names:
        schema = schema.append(pa.field("person_id", pa.string()))
    return schema.empty_table()


def linked_dir(var: str | Path) -> Path:
    lake = Lake(var)
    version = current_version(lake)
    if not version:
        raise NoLinkedData(
            f"no linked data under {lake.root}: run `engineroom synth build` "
            "or ingest and link first"
        )
    return lake.root / "linked" / version


def connect(
    var: str | Path,
    *,
    threads: int | None = None,
    engine: str = "duckdb",
    spill: Path | None = None,
) -> LinkedLake:
    """The current linked version of the lake under ``var`` on ``engine`` (duckdb or pyspark).
    ``spill``: a folder for DuckDB's temporary files (under a run's own work folder, so they go
    with it), with its memory limit (``ENGINEROOM_DUCKDB_MEMORY``, default 2GB)."""
    if engine not in ("duckdb", "pyspark"):
        raise ValueError(f"unknown engine {engine!r} (expected duckdb or pyspark)")
    folder = linked_dir(var)
    con = engines.connect(engine, spill=spill)
    if threads and engine == "duckdb":
        con.raw_sql(f"SET threads={int(threads)}")
    tables = {}
    for view, table in VIEWS.items():
        path = folder / f"{table}.parquet"
        if not path.exists():
            raise NoLinkedData(f"{path} is missing from the linked version")
        tables[view] = con.read_parquet(path, table_name=engines.unique_name(view))
    tables["national_opt_out"] = _opted(con, var)
    return LinkedLake.over(con, tables, folder)


def _opted(con, var) -> ibis.Table:
    """Everyone on the national opt-out list, read by the engine from the committed loads
    (distinct in :meth:`LinkedLake.over`)."""
    found = scan(con, Lake(var), "national_opt_out")
    if found is None:
        empty = pa.table({"nhs_number": pa.array([], pa.string())})
        return engines.register(con, engines.unique_name("national_opt_out"), empty)
    return found.select("nhs_number")


def data_end(lake: LinkedLake) -> date:
    """The extract date: the latest GP event date in the lake."""
    found = lake.table("gp_event").event_date.max().to_pyarrow().as_py()
    if found is None:
        raise NoLinkedData("the linked GP event table is empty")
    return found.date() if isinstance(found, datetime) else found


def secondary_use(lake: LinkedLake, people: ibis.Table) -> ibis.Table:
    """``people`` (with ``person_id``) without national data opt-outs and GP type 1 objectors:
    the population secondary uses (model training, evaluation, aggregates) may see."""
    opted, type1 = lake.table("national_opt_out"), lake.table("type1_objection")
    return people.filter(
        ~people.person_id.isin(opted.nhs_number), ~people.person_id.isin(type1.person_id)
    )
