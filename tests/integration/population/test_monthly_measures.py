"""The oversight's monthly activity measures from the linked lake: each month's counts agree with
a direct count of the lake's Parquet files (opt-outs removed, suppressed as published), a part
month at the end is left out, and so is a month whose count would be suppressed."""

from collections import Counter
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from engineroom.population import engine as engines
from engineroom.population.lake import Lake
from engineroom.population.linkage import TYPE1_SNOMED
from engineroom.population.monthly import complete_until, lake_measures, measures
from engineroom.population.phm import lakeviews
from engineroom.population.phm.suppression import suppress


@pytest.fixture(scope="module")
def rows(phm_var):
    return lake_measures(phm_var)


def _excluded(var) -> set[str]:
    """National data opt-outs and GP type 1 objectors, read straight from the files."""
    opted = Lake(var).read("national_opt_out").column("nhs_number").to_pylist()
    gp = pq.read_table(lakeviews.linked_dir(var) / "gp_event.parquet")
    type1 = gp.filter(pc.equal(gp["snomed_code"], TYPE1_SNOMED)).column("person_id")
    return set(opted) | set(type1.to_pylist())


def _direct(var, table: str, column: str, keep=None) -> Counter:
    """Rows per month of a linked table, linked people only, ``keep`` people if given."""
    t = pq.read_table(lakeviews.linked_dir(var) / f"{table}.parquet").to_pylist()
    return Counter(
        r[column].replace(day=1).date() if hasattr(r[column], "date") else r[column].replace(day=1)
        for r in t
        if r["person_id"] is not None and r[column] is not None and (keep is None or keep(r))
    )


def _series(rows, measure: str, field: str = "value") -> dict:
    return {r["month"]: r[field] for r in rows if r["measure"] == measure}


def test_counts_agree_with_the_lake_files_without_opt_outs(phm_var, rows):
    out = _excluded(phm_var)
    secondary = lambda r: r["person_id"] not in out  # noqa: E731
    ae = _direct(phm_var, "ae_attendance", "arrival_date", secondary)
    assert _series(rows, "ae_attendances") == {m: suppress(n) for m, n in ae.items()}
    emergency = _direct(
        phm_var,
        "apc_episode",
        "admission_date",
        lambda r: secondary(r) and r["admission_method"] == "emergency",
    )
    assert _series(rows, "emergency_admissions") == {m: suppress(n) for m, n in emergency.items()}
    everyone = _direct(phm_var, "ae_attendance", "arrival_date")
    assert sum(everyone.values()) > sum(ae.values())  # the opt-outs were in the lake, and left


def test_the_dna_rate_is_built_on_the_rounded_counts(phm_var, rows):
    out = _excluded(phm_var)
    booked = _direct(phm_var, "outpatient", "appointment_date", lambda r: r["person_id"] not in out)
    missed = _direct(
        phm_var,
        "outpatient",
        "appointment_date",
        lambda r: r["person_id"] not in out and r["attended"] is False,
    )
    dna = [r for r in rows if r["measure"] == "outpatient_dna"]
    assert {r["month"] for r in dna} == set(booked)
    for r in dna:
        assert (r["numerator"], r["denominator"]) == (
            suppress(missed[r["month"]]),
            suppress(booked[r["month"]]),
        )
        assert r["value"] == round(100 * r["numerator"] / r["denominator"], 2)
        assert 0 < r["value"] < 100


def test_rows_are_first_of_month_and_end_at_the_last_whole_month(phm_var, rows):
    lake = lakeviews.connect(phm_var)
    try:
        last = complete_until(lakeviews.data_end(lake))
    finally:
        lake.close()
    assert {r["month"].day for r in rows} == {1}
    assert max(r["month"] for r in rows) == last
    assert set(Counter(r["measure"] for r in rows)) == {
        "ae_attendances",
        "emergency_admissions",
        "outpatient_dna",
    }


def test_a_whole_month_is_one_that_ends_by_the_data_end():
    assert complete_until(date(2025, 3, 31)) == date(2025, 3, 1)
    assert complete_until(date(2025, 3, 30)) == date(2025, 2, 1)
    assert complete_until(date(2025, 1, 15)) == date(2024, 12, 1)
    assert complete_until(date(2024, 2, 29)) == date(2024, 2, 1)


def _tiny_lake(ae_days: list[tuple[str, date]], gp_end: date, opted: list[str]):
    """A linked lake over a handful of rows (DuckDB), to see the edges the population lacks."""
    con = engines.connect("duckdb")
    ae = pa.table(
        {
            "person_id": [p for p, _ in ae_days],
            "arrival_date": pa.array([d for _, d in ae_days], pa.date32()),
        }
    )
    gp = pa.table(
        {
            "person_id": ["a"],
            "event_date": pa.array([gp_end], pa.date32()),
            "snomed_code": ["x"],
        }
    )
    tables = {
        "person": engines.register(con, "tiny_person", pa.table({"person_id": ["a"]})),
        "ae": engines.register(con, "tiny_ae", ae),
        "gp_event": engines.register(con, "tiny_gp", gp),
        "national_opt_out": engines.register(con, "tiny_opted", pa.table({"nhs_number": opted})),
    }
    return lakeviews.LinkedLake.over(con, tables)


def test_a_part_month_a_small_month_and_opted_out_people_are_left_out():
    days = (
        [(f"p{i}", date(2025, 1, 1 + i % 28)) for i in range(40)]  # January: 40
        + [(f"p{i}", date(2025, 2, 3)) for i in range(5)]  # February: 5, suppressed
        + [(f"p{i}", date(2025, 3, 2)) for i in range(30)]  # March: 30, but 20 opted out
        + [(f"p{i}", date(2025, 4, 2)) for i in range(50)]  # April: data end on the 20th
    )
    lake = _tiny_lake(days, date(2025, 4, 20), opted=[f"p{i}" for i in range(20, 40)])
    try:
        found = measures(lake)
    finally:
        lake.close()
    assert _series(found, "ae_attendances") == {date(2025, 1, 1): 20, date(2025, 3, 1): 20}
