"""Orchestration: link the lake's committed loads and publish the linked and secondary-use views.

Small keyword-only functions; the CLI and the web call :func:`run_linkage`. Output goes to
``lake/linked/<version>/`` and becomes visible only when ``lake/linked/CURRENT`` is swapped to it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from engineroom.population import linkage, manual_links, publish
from engineroom.population.engine import Engine, connect, register
from engineroom.population.lake import Lake
from engineroom.population.pseudonymise import key_from_env, pseudo_map
from engineroom.population.schema import EVENT_TABLES, TABLES


def read_with_seq(lake: Lake, table: str) -> pa.Table | None:
    """Committed rows of a table with ``load_seq`` (load order) so later re-sends win."""
    parts = []
    for seq, manifest in enumerate(lake.loads()):
        rel = manifest.get("outputs", {}).get(table)
        if rel:
            t = pq.ParquetFile(lake.root / rel).read()  # no hive partition inference
            parts.append(t.append_column("load_seq", pa.array([seq] * t.num_rows, pa.int64())))
    return pa.concat_tables(parts) if parts else None


def _or_empty(found: pa.Table | None, table: str) -> pa.Table:
    if found is not None:
        return found
    return TABLES[table].arrow_schema().append(pa.field("load_seq", pa.int64())).empty_table()


def run_linkage(
    *, var: str | Path, engine: Engine = "duckdb", key: str | bytes | None = None
) -> dict:
    """Build the person index, link every event table, write direct-care and secondary views."""
    lake = Lake(var)
    secret = key_from_env(key)
    con = connect(engine)
    index = _person_index(lake, con)
    index_t = register(con, "person_index", index)
    opted = _or_empty(read_with_seq(lake, "national_opt_out"), "national_opt_out")
    opted_t = register(con, "opted_out", opted)
    pseudo_t = register(con, "pseudo", pseudo_map(index["nhs_number"], secret))
    outputs: dict[str, pa.Table] = {"person_index": index}
    report: dict = {"engine": engine, "people": index.num_rows, "tables": {}}
    linked_tables = _link_events(lake, con, var, index_t, outputs)
    type1 = (
        linkage.type1_objectors(linked_tables["gp_event"]) if "gp_event" in linked_tables else None
    )
    _secondary_events(linked_tables, pseudo_t, opted_t, type1, outputs, report)
    # The register itself for secondary use: registration data comes from GP feeds, so type 1
    # objections apply as well as national opt-outs.
    people = index_t.mutate(person_id=index_t.nhs_number)
    outputs["secondary/person"] = linkage.secondary_use(
        people, pseudo_t, opted_t, type1
    ).to_pyarrow()
    report["secondary_people"] = outputs["secondary/person"].num_rows
    outputs["unlinked"] = _unlinked(outputs)
    report["unlinked"] = outputs["unlinked"].num_rows
    report["version"] = _publish(lake, outputs, report)
    return report


def _person_index(lake: Lake, con) -> pa.Table:
    """One row per person (``linkage.person_index``) from the committed registrations."""
    person = _or_empty(read_with_seq(lake, "person"), "person")
    dep = _or_empty(read_with_seq(lake, "lsoa_deprivation"), "lsoa_deprivation")
    return linkage.person_index(
        register(con, "person", person), register(con, "lsoa_dep", dep)
    ).to_pyarrow()


def _link_events(lake: Lake, con, var, index_t, outputs: dict[str, pa.Table]) -> dict:
    """Every event table linked (the data manager's decisions read first); each also added
    to ``outputs``. Returns table name -> its linked expression."""
    manual = manual_links.table(var)
    manual_t = register(con, "manual_links", manual) if manual.num_rows else None
    linked_tables = {}
    for table in EVENT_TABLES:
        rows = read_with_seq(lake, table)
        if rows is None:
            continue
        events = register(con, f"ev_{table}", rows)
        linked = linkage.link(events, index_t, manual_t, table).cache()  # computed once
        linked_tables[table] = linked
        outputs[table] = linked.to_pyarrow()
    return linked_tables


def _secondary_events(linked_tables, pseudo_t, opted_t, type1, outputs, report) -> None:
    """Each linked table for secondary use (type 1 objections on GP tables), and its counts."""
    for table, linked in linked_tables.items():
        gp = type1 if table in linkage.GP_TABLES else None
        outputs[f"secondary/{table}"] = linkage.secondary_use(
            linked, pseudo_t, opted_t, gp
        ).to_pyarrow()
        report["tables"][table] = _counts(outputs[table], outputs[f"secondary/{table}"])


def _counts(linked: pa.Table, secondary: pa.Table) -> dict:
    rules = pc.value_counts(pc.fill_null(linked["link_rule"], "unlinked")).to_pylist()
    return {
        "rows": linked.num_rows,
        "secondary_rows": secondary.num_rows,
        "by_rule": {r["values"]: r["counts"] for r in rules},
    }


def _unlinked(outputs: dict[str, pa.Table]) -> pa.Table:
    parts = []
    for table in EVENT_TABLES:
        t = outputs.get(table)
        if t is None:
            continue
        t = t.filter(pc.is_null(t["person_id"]))
        columns = {"table": pa.array([table] * t.num_rows, pa.string())}
        columns |= {name: t[name] for name in manual_links.UNLINKED_COLUMNS}
        columns["reason"] = t["unlinked_reason"]
        parts.append(pa.table(columns))
    return pa.concat_tables(parts) if parts else manual_links.UNLINKED_SCHEMA.empty_table()


def _publish(lake: Lake, outputs: dict[str, pa.Table], report: dict) -> str:
    """A new linked version (every table and the report), made current atomically."""

    def write(folder: Path, version: str) -> None:
        for name, table in outputs.items():
            path = folder / f"{name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, path)
        (folder / "report.json").write_text(json.dumps(report | {"version": version}, indent=1))

    return publish.publish(lake.root / "linked", "v", write)


def current_version(lake: Lake) -> str | None:
    return publish.current(lake.root / "linked")


def linked_path(lake: Lake, name: str) -> Path | None:
    version = current_version(lake)
    return lake.root / "linked" / version / f"{name}.parquet" if version else None
