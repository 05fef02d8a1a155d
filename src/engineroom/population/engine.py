"""Engines: the same Ibis expressions run on DuckDB (embedded default) or PySpark (at scale).

``connect("duckdb")`` is in-process and needs nothing; ``connect("pyspark")`` starts (or reuses)
a local SparkSession (``local[2]`` by default) — in production pass a cluster session instead.

Person-level results stay where the data are: :func:`write_parquet` writes an expression with
DuckDB's ``COPY`` or from the Spark executors, :func:`map_batches` runs Python (a model's
``predict``) over Arrow record batches — streamed in DuckDB, ``mapInArrow`` on the Spark
executors — writing Parquet, and :func:`materialise` writes an expression once and reads it back,
so later steps do not recompute it. Nothing here collects rows to the Spark driver.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

Engine = Literal["duckdb", "pyspark"]
_spark = None
BATCH_ROWS = 65_536
MEMORY_ENV = "ENGINEROOM_DUCKDB_MEMORY"  # DuckDB's memory_limit when it may spill (``spill``)
MEMORY_DEFAULT = "2GB"


def spark_session(master: str = "local[2]"):
    """One SparkSession per process (start-up costs ~20 s), UTC, quiet, warehouse in a temp dir."""
    global _spark
    if _spark is None:
        from pyspark.sql import SparkSession

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors' Python: this one
        warehouse = tempfile.mkdtemp(prefix="engineroom-spark-")
        _spark = (
            SparkSession.builder.master(os.environ.get("ENGINEROOM_SPARK_MASTER", master))
            .appName("engineroom")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")  # the CLI draws the real steps
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.warehouse.dir", warehouse)
            .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
            .config("spark.driver.memory", os.environ.get("ENGINEROOM_SPARK_MEMORY", "2g"))
            .getOrCreate()
        )
        _spark.sparkContext.setLogLevel("ERROR")
    return _spark


def connect(engine: Engine = "duckdb", *, spill: Path | None = None):
    """An Ibis backend for the named engine.

    ``spill``: a scratch folder. DuckDB then keeps to ``memory_limit`` ($ENGINEROOM_DUCKDB_MEMORY,
    default 2GB) and spills beyond it to ``spill/duckdb``; Spark manages its own memory."""
    if engine == "duckdb":
        con = ibis.duckdb.connect()
        if spill is not None:
            _bound_memory(con, Path(spill) / "duckdb")
        return con
    if engine == "pyspark":
        return ibis.pyspark.connect(spark_session())
    raise ValueError(f"unknown engine {engine!r} (expected duckdb or pyspark)")


def _bound_memory(con, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    limit = os.environ.get(MEMORY_ENV, MEMORY_DEFAULT).replace("'", "")
    con.raw_sql(f"SET memory_limit = '{limit}'")
    quoted = str(folder).replace("'", "''")
    con.raw_sql(f"SET temp_directory = '{quoted}'")


def unique_name(prefix: str) -> str:
    """A table or view name of its own for one run: Spark's temp views are shared by every
    connection of the session, so fixed names would collide."""
    return f"{prefix.replace('/', '_')}_{uuid.uuid4().hex[:8]}"


def count_rows(expr) -> int:
    """The number of rows of ``expr``, counted in the engine."""
    return int(expr.count().to_pyarrow().as_py())


def register(con, name: str, table: pa.Table):
    """Make an Arrow table available to the engine under ``name`` and return it as an Ibis table."""
    if _is_spark(con):  # from Arrow, so types survive (via pandas all-null columns become VOID)
        spark_session().createDataFrame(table).createOrReplaceTempView(name)
        return con.table(name)
    return con.create_table(name, table, overwrite=True)


def _is_spark(con) -> bool:
    return con.name == "pyspark"


def spark_frame(con, expr):
    """The PySpark DataFrame of an Ibis expression (lazy: nothing runs, nothing is collected).
    The one place that uses Ibis's private PySpark API."""
    con._run_pre_execute_hooks(expr)
    return con._session.sql(con.compile(expr))


def write_parquet(
    con, expr, path: str | Path, *, schema: pa.Schema | None = None, order=None
) -> Path:
    """Write ``expr`` to ONE Parquet file at ``path`` where the data are: DuckDB's ``COPY``, or a
    Spark executor (``coalesce(1)``; the part file is then renamed, never read by the driver).
    ``schema`` selects and casts the columns first, so both engines write the same types;
    ``order`` sorts the rows."""
    path = Path(path)
    if schema is not None:
        expr = expr.select(*schema.names).cast({f.name: ibis.dtype(f.type) for f in schema})
    if order:
        expr = expr.order_by(order)
    if not _is_spark(con):
        con.to_parquet(expr, path)
        return path
    frame = _spark_types(spark_frame(con, expr), schema)
    parts = path.with_name(f".{path.name}.parts")
    frame.coalesce(1).write.mode("overwrite").parquet(str(parts))
    (found,) = parts.glob("part-*.parquet")
    found.rename(path)
    shutil.rmtree(parts, ignore_errors=True)
    return path


def _spark_types(frame, schema: pa.Schema | None):
    """Timestamps without a time zone as Spark's TIMESTAMP_NTZ (so Parquet says local time, as
    DuckDB and pandas write it, not UTC-adjusted); every column nullable, as ``schema`` says (a
    literal is NOT NULL in Spark: a CASE without ELSE on a condition the optimiser cannot fold,
    the partition id, makes it nullable again)."""
    if schema is None:
        return frame
    from pyspark.sql import functions as F

    for field in schema:
        if pa.types.is_timestamp(field.type) and field.type.tz is None:
            frame = frame.withColumn(field.name, F.col(field.name).cast("timestamp_ntz"))
    for field in frame.schema:
        if not field.nullable and schema.field(field.name).nullable:
            column = F.col(field.name)
            frame = frame.withColumn(field.name, F.when(F.spark_partition_id() >= 0, column))
    return frame


def materialise(con, expr, folder: str | Path, name: str):
    """Write ``expr`` once (Parquet under ``folder``) and return it read back as an Ibis table:
    later queries read the file instead of recomputing the expression."""
    path = Path(folder) / f"{name}.parquet"
    if _is_spark(con):
        spark_frame(con, expr).write.mode("overwrite").parquet(str(path))
    else:
        con.to_parquet(expr, path)
    return con.read_parquet(str(path), table_name=unique_name(name))


def map_batches(
    con,
    expr,
    fn: Callable[[Any, pa.RecordBatch], dict[str, pa.Array]],
    state: Any,
    added: dict[str, pa.DataType],
    folder: str | Path,
    name: str,
):
    """``expr`` with the columns ``fn(state, batch)`` returns for each Arrow record batch added,
    written as Parquet under ``folder`` and read back as an Ibis table.

    DuckDB streams record batches (never one whole table in memory) into a Parquet writer;
    PySpark runs ``fn`` on the executors through ``mapInArrow`` with ``state`` (a model)
    broadcast once, and the executors write the Parquet."""
    path = Path(folder) / f"{name}.parquet"
    if _is_spark(con):
        _spark_map(con, expr, fn, state, added, path)
    else:
        _duck_map(con, expr, fn, state, added, path)
    return con.read_parquet(str(path), table_name=unique_name(name))


def _with(batch: pa.RecordBatch, columns: dict[str, pa.Array], added) -> pa.RecordBatch:
    arrays = [*batch.columns, *(pa.array(columns[n], t) for n, t in added.items())]
    return pa.RecordBatch.from_arrays(arrays, names=[*batch.schema.names, *added])


def _duck_map(con, expr, fn, state, added, path: Path) -> None:
    # Ibis's public ``to_pyarrow_batches`` streams through ``fetch_record_batch``, which fails
    # ("SystemError: ... returned a result with an exception set") when the query calls a Python
    # UDF, as the pseudonyms do; DuckDB's own reader does not. So the expression's tables and
    # UDFs are registered by Ibis's hook, and DuckDB streams the batches.
    con._run_pre_execute_hooks(expr)
    reader = con.con.sql(con.compile(expr)).to_arrow_reader(BATCH_ROWS)
    schema = reader.schema
    for name, type_ in added.items():
        schema = schema.append(pa.field(name, type_))
    with pq.ParquetWriter(path, schema) as writer:
        for batch in reader:
            if batch.num_rows:
                writer.write_batch(_with(batch, fn(state, batch), added))


def _spark_map(con, expr, fn, state, added, path: Path) -> None:
    from pyspark.sql.pandas.types import from_arrow_type
    from pyspark.sql.types import StructField, StructType

    frame = spark_frame(con, expr)
    shared = frame.sparkSession.sparkContext.broadcast(state)
    extra = [StructField(name, from_arrow_type(t), True) for name, t in added.items()]
    schema = StructType([*frame.schema.fields, *extra])

    def run(batches):  # on the executors
        for batch in batches:
            if batch.num_rows:
                yield _with(batch, fn(shared.value, batch), added)

    try:
        frame.mapInArrow(run, schema).write.mode("overwrite").parquet(str(path))
    finally:
        shared.destroy()  # the executors' copies of the model, and the driver's
