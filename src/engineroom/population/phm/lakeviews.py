"""Open the published linked lake (``lake/linked/CURRENT``) as DuckDB views.

Direct-care views carry every linked row (opt-outs are not applied: that is for direct care);
``national_opt_out`` is read from the committed loads so secondary-use outputs can apply it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from engineroom.population.lake import Lake
from engineroom.population.linkage import TYPE1_SNOMED
from engineroom.population.pipeline import current_version, read_with_seq

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


def linked_dir(var: str | Path) -> Path:
    lake = Lake(var)
    version = current_version(lake)
    if not version:
        raise NoLinkedData(
            f"no linked data under {lake.root}: run `engineroom synth build` "
            "or ingest and link first"
        )
    return lake.root / "linked" / version


def connect(var: str | Path, threads: int | None = None, engine: str = "duckdb"):
    """An in-memory DuckDB with one view per linked table (people linked only) and opt-outs;
    ``engine="pyspark"`` gives the same views in Spark behind a DuckDB-shaped adapter."""
    if engine == "pyspark":
        return SparkConnection.over(var)
    if engine != "duckdb":
        raise ValueError(f"unknown engine {engine!r} (expected duckdb or pyspark)")
    folder = linked_dir(var)
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads={int(threads)}")
    for view, table in VIEWS.items():
        path = folder / f"{table}.parquet"
        if not path.exists():
            raise NoLinkedData(f"{path} is missing from the linked version")
        where = "" if view == "person" else " WHERE person_id IS NOT NULL"
        con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{path}'){where}")
    con.register("_opted", _opted(var))
    con.execute("CREATE TABLE national_opt_out AS SELECT DISTINCT nhs_number FROM _opted")
    con.unregister("_opted")
    con.execute(
        f"CREATE VIEW type1_objection AS SELECT DISTINCT person_id FROM gp_event "
        f"WHERE snomed_code = '{TYPE1_SNOMED}'"
    )
    return con


def _opted(var) -> pa.Table:
    opted = read_with_seq(Lake(var), "national_opt_out")
    if opted is None:
        return pa.table({"nhs_number": pa.array([], pa.string())})
    return opted.select(["nhs_number"])


class SparkConnection:
    """The PHM SQL is written once in DuckDB's dialect; on Spark it is transpiled by sqlglot.

    Offers the three calls the PHM code makes: ``execute(sql)`` (then ``.df()`` or
    ``.fetchone()``) and ``register(name, arrow_table)``.
    """

    def __init__(self, spark):
        self.spark = spark

    @classmethod
    def over(cls, var: str | Path) -> SparkConnection:
        from engineroom.population.engine import spark_session

        folder = linked_dir(var)
        spark = spark_session()
        spark.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")  # fast toPandas
        for view, table in VIEWS.items():
            frame = spark.read.parquet(str(folder / f"{table}.parquet"))
            if view != "person":
                frame = frame.where("person_id IS NOT NULL")
            frame.createOrReplaceTempView(view)
        con = cls(spark)
        con.register("national_opt_out", _opted(var))
        spark.sql(
            f"SELECT DISTINCT person_id FROM gp_event WHERE snomed_code = '{TYPE1_SNOMED}'"
        ).createOrReplaceTempView("type1_objection")
        return con

    def execute(self, sql: str) -> _SparkResult:
        import sqlglot

        return _SparkResult(self.spark.sql(sqlglot.transpile(sql, read="duckdb", write="spark")[0]))

    def register(self, name: str, table: pa.Table) -> None:
        frame = table.to_pandas()
        if frame.empty:
            schema = ", ".join(f"{c} STRING" for c in frame.columns)
            self.spark.createDataFrame([], schema).createOrReplaceTempView(name)
        else:
            self.spark.createDataFrame(frame).createOrReplaceTempView(name)


class _SparkResult:
    def __init__(self, frame):
        self.frame = frame

    def df(self):
        return self.frame.toPandas()

    def fetchone(self):
        row = self.frame.first()
        return tuple(row) if row is not None else None


def data_end(con: duckdb.DuckDBPyConnection) -> date:
    """The extract date: the latest GP event date in the lake."""
    found = con.execute("SELECT max(event_date) FROM gp_event").fetchone()[0]
    if found is None:
        raise NoLinkedData("the linked GP event table is empty")
    return found
