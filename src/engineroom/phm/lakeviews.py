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
        raise NoLinkedData(f"no linked data under {lake.root}: run `engineroom population demo` "
                           "or ingest and link first")  # fmt: skip
    return lake.root / "linked" / version


def connect(var: str | Path, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per linked table (people linked only) and opt-outs."""
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
    opted = read_with_seq(Lake(var), "national_opt_out")
    numbers = (
        opted.select(["nhs_number"])
        if opted is not None
        else pa.table({"nhs_number": pa.array([], pa.string())})
    )
    con.register("_opted", numbers)
    con.execute("CREATE TABLE national_opt_out AS SELECT DISTINCT nhs_number FROM _opted")
    con.unregister("_opted")
    con.execute(
        f"CREATE VIEW type1_objection AS SELECT DISTINCT person_id FROM gp_event "
        f"WHERE snomed_code = '{TYPE1_SNOMED}'"
    )
    return con


def data_end(con: duckdb.DuckDBPyConnection) -> date:
    """The extract date: the latest GP event date in the lake."""
    found = con.execute("SELECT max(event_date) FROM gp_event").fetchone()[0]
    if found is None:
        raise NoLinkedData("the linked GP event table is empty")
    return found
