"""Engines: the same Ibis expressions run on DuckDB (embedded default) or PySpark (at scale).

``connect("duckdb")`` is in-process and needs nothing; ``connect("pyspark")`` starts (or reuses)
a local SparkSession (``local[2]`` by default) — in production pass a cluster session instead.
"""

from __future__ import annotations

import os
import tempfile
from typing import Literal

import ibis
import pyarrow as pa

Engine = Literal["duckdb", "pyspark"]
_spark = None


def spark_session(master: str = "local[2]"):
    """One SparkSession per process (start-up costs ~20 s), UTC, quiet, warehouse in a temp dir."""
    global _spark
    if _spark is None:
        from pyspark.sql import SparkSession

        warehouse = tempfile.mkdtemp(prefix="engineroom-spark-")
        _spark = (
            SparkSession.builder.master(os.environ.get("ENGINEROOM_SPARK_MASTER", master))
            .appName("engineroom")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.warehouse.dir", warehouse)
            .config("spark.driver.memory", os.environ.get("ENGINEROOM_SPARK_MEMORY", "2g"))
            .getOrCreate()
        )
        _spark.sparkContext.setLogLevel("ERROR")
    return _spark


def connect(engine: Engine = "duckdb"):
    """An Ibis backend for the named engine."""
    if engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "pyspark":
        return ibis.pyspark.connect(spark_session())
    raise ValueError(f"unknown engine {engine!r} (expected duckdb or pyspark)")


def register(con, name: str, table: pa.Table):
    """Make an Arrow table available to the engine under ``name`` and return it as an Ibis table."""
    if _is_spark(con):  # from Arrow, so types survive (via pandas all-null columns become VOID)
        spark_session().createDataFrame(table).createOrReplaceTempView(name)
        return con.table(name)
    return con.create_table(name, table, overwrite=True)


def _is_spark(con) -> bool:
    return con.name == "pyspark"


def to_arrow(expr) -> pa.Table:
    return expr.to_pyarrow()
