"""The linkage run reads the lake's committed files in the engine, in load order, and writes each
output as one Parquet file, on DuckDB and on PySpark alike."""

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engineroom.population import manual_links
from engineroom.population.lake import Lake
from engineroom.population.pipeline import run_linkage
from engineroom.population.pseudonymise import pseudo_id
from engineroom.population.schema import TABLES

KEY = "link-test-key"
ALICE, BOB = "9434765919", "9434765870"

engines = pytest.mark.parametrize(
    "engine", ["duckdb", pytest.param("pyspark", marks=pytest.mark.spark)]
)


def _rows(table: str, rows: list[dict], load_id: str) -> pa.Table:
    schema = TABLES[table].arrow_schema()
    full = [{c: r.get(c) for c in schema.names} | {"load_id": load_id} for r in rows]
    return pa.Table.from_pylist(full, schema=schema)


def _commit(var, load_id: str, month: int, source: str, tables: dict[str, list[dict]]) -> None:
    manifest = {"load_id": load_id, "file": f"{load_id}.csv", "loaded_at": f"2025-{month:02d}-01"}
    Lake(var).publish(
        load_id, {t: _rows(t, rows, load_id) for t, rows in tables.items()}, source, manifest
    )


def _people():
    born = {"birth_date": date(1960, 5, 5), "sex": "M", "postcode_district": "XX2"}
    return [
        {"nhs_number": ALICE, "birth_date": date(1950, 1, 1), "registered_practice": "Y90001"},
        {"nhs_number": BOB, **born, "registered_practice": "Y90002"},
    ]


def _apc(record_id: str, diagnosis: str, **who) -> dict:
    return {"source": "RX1", "record_id": record_id, "primary_diagnosis": diagnosis, **who}


@pytest.fixture
def lake_var(tmp_path):
    var = tmp_path / "var"
    bob = {"birth_date": date(1960, 5, 5), "sex": "M", "postcode_district": "XX2"}
    _commit(var, "load0", 1, "Y90001", {"person": _people()})
    _commit(var, "load1", 2, "RX1", {"apc_episode": [_apc("a", "I50.0", nhs_number=ALICE)]})
    _commit(
        var,
        "load2",
        3,
        "RX1",
        {"apc_episode": [_apc("a", "J44.1", nhs_number=ALICE), _apc("b", "E11.9", **bob)]},
    )
    _commit(var, "load3", 4, "NHSD", {"national_opt_out": [{"nhs_number": BOB}]})
    return var


def _version(var, report) -> tuple:
    return var / "lake" / "linked" / report["version"]


@engines
def test_link_reads_loads_in_order_and_counts_in_the_engine(lake_var, engine):
    report = run_linkage(var=lake_var, engine=engine, key=KEY)
    assert report["people"] == 2 and report["unlinked"] == 0
    assert report["tables"] == {
        "apc_episode": {
            "rows": 2,
            "secondary_rows": 1,  # Bob opted out of secondary use
            "by_rule": {"nhs_number": 1, "demographic:birth_date+sex+postcode_district": 1},
        }
    }
    assert report["secondary_people"] == 1
    linked = pq.ParquetFile(_version(lake_var, report) / "apc_episode.parquet").read()
    rows = {r["record_id"]: r for r in linked.to_pylist()}
    assert rows["a"]["primary_diagnosis"] == "J44.1" and rows["a"]["load_seq"] == 2
    assert rows["b"]["person_id"] == BOB


@engines
def test_link_writes_one_file_per_output_and_no_scratch(lake_var, engine):
    report = run_linkage(var=lake_var, engine=engine, key=KEY)
    folder = _version(lake_var, report)
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert names == [
        "apc_episode.parquet",
        "person_index.parquet",
        "report.json",
        "secondary/apc_episode.parquet",
        "secondary/person.parquet",
        "unlinked.parquet",
    ]
    person = pq.ParquetFile(folder / "secondary/person.parquet").read()
    assert person["pseudo_id"].to_pylist() == [pseudo_id(ALICE, KEY.encode())]
    index = pq.ParquetFile(folder / "person_index.parquet").read()
    assert index.schema.field("birth_month").type == pa.date32()


@engines
def test_link_with_registrations_only_writes_an_empty_unlinked_queue(tmp_path, engine):
    var = tmp_path / "var"
    _commit(var, "load0", 1, "Y90001", {"person": _people()})
    report = run_linkage(var=var, engine=engine, key=KEY)
    assert report["tables"] == {} and report["unlinked"] == 0
    unlinked = pq.ParquetFile(_version(var, report) / "unlinked.parquet").read()
    assert unlinked.num_rows == 0
    assert unlinked.schema.names == manual_links.UNLINKED_SCHEMA.names
