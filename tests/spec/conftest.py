"""The spec suite runs every test on each engine (DuckDB, PySpark) via the ``engine`` fixture:
population linkage, PHM and the generative test alike.

Data is written as readable pipe tables; ``pipe_table(text, table_name)`` types it by the schema.
"""

from datetime import date

import pyarrow as pa
import pytest

from engineroom.population.engine import connect, register
from engineroom.population.schema import TABLES


@pytest.fixture(
    scope="session", params=["duckdb", pytest.param("pyspark", marks=pytest.mark.spark)]
)
def engine(request):
    return request.param, connect(request.param)


def _cell(value: str, type_: pa.DataType):
    value = value.strip()
    if value == "":
        return None
    if pa.types.is_date(type_):
        return date.fromisoformat(value)
    if pa.types.is_integer(type_):
        return int(value)
    if pa.types.is_floating(type_):
        return float(value)
    if pa.types.is_boolean(type_):
        return value in ("T", "true", "Y")
    return value


def pipe_table(text: str, table: str, extra: dict[str, pa.DataType] | None = None) -> pa.Table:
    """Rows of ``| a | b |`` text as an Arrow table with the schema's types (missing columns null)."""
    schema = TABLES[table].arrow_schema() if table in TABLES else pa.schema([])
    for name, type_ in (extra or {}).items():
        schema = schema.append(pa.field(name, type_))
    lines = [ln.strip().strip("|") for ln in text.strip().splitlines() if ln.strip()]
    header = [h.strip() for h in lines[0].split("|")]
    rows = [[c for c in ln.split("|")] for ln in lines[1:]]
    data = {}
    for field in schema:
        if field.name in header:
            i = header.index(field.name)
            data[field.name] = pa.array([_cell(r[i], field.type) for r in rows], field.type)
        else:
            data[field.name] = pa.nulls(len(rows), field.type)
    return pa.table(data, schema=schema)


@pytest.fixture
def load(engine):
    _name, con = engine
    counter = iter(range(10_000))

    def _load(text: str, table: str, extra=None):
        return register(con, f"t_{table}_{next(counter)}", pipe_table(text, table, extra))

    return _load
