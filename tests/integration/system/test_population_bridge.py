"""The system model hands the population platform its shape and gets back register counts."""

import datetime as dt

import pyarrow.parquet as pq
import pytest

from engineroom.finance import capitation
from engineroom.population.lake import Lake
from engineroom.population.pipeline import build_population, linked_path
from engineroom.synth.population.spec import validate_spec
from engineroom.system import population
from engineroom.system.models import OrganisationKind, RegisterCount

AS_OF = dt.date(2026, 3, 31)


def test_the_region_spec_names_every_practice_of_the_system_once(main_system):
    spec = population.region_spec(main_system, AS_OF)
    validate_spec(spec)
    practices = [
        p["ods"]
        for place in spec["systems"][0]["places"]
        for hood in place["neighbourhoods"]
        for p in hood["practices"]
    ]
    expected = set(
        main_system.footprints.current(AS_OF)
        .filter(organisation__kind=OrganisationKind.GP_PRACTICE)
        .values_list("organisation__ods_code", flat=True)
    )
    assert sorted(practices) == sorted(expected) and len(practices) == len(set(practices))
    assert {p["code"] for p in spec["systems"][0]["places"]} == set(
        main_system.places.values_list("code", flat=True)
    )
    assert {t["kind"] for t in spec["trusts"]} >= {"acute", "community", "mental_health"}


def test_a_missing_lake_is_a_clear_error(tmp_path, main_system):
    with pytest.raises(FileNotFoundError, match="no linked population"):
        population.publish_register_counts(main_system, tmp_path, AS_OF)


def test_register_counts_reconcile_with_the_secondary_view_and_drive_capitation(
    tmp_path, main_system
):
    spec = population.region_spec(main_system, AS_OF)
    summary = build_population(spec, var=tmp_path, scale=0.003, seed=7, key="test-key")
    ingest = summary["ingest"]
    assert ingest["rows_in"] == ingest["accepted"] + ingest["quarantined"]

    secondary = pq.read_table(linked_path(Lake(tmp_path), "secondary/person"))
    assert not set(secondary.column_names) & {"nhs_number", "birth_date", "postcode_district"}
    assert 0 < secondary.num_rows < summary["linkage"]["people"]  # opt-outs removed

    people = population.publish_register_counts(main_system, tmp_path, AS_OF)
    counted = population.register_counts(tmp_path, AS_OF)
    assert people == sum(row[3] for row in counted) > 0.8 * summary["generation"]["people"]
    stored = RegisterCount.objects.filter(place__system=main_system)
    assert sum(stored.values_list("people", flat=True)) == people
    assert set(stored.values_list("age_band", flat=True)) == {b for b, _ in population.AGE_BANDS}
    assert set(stored.values_list("deprivation_quintile", flat=True)) <= {1, 2, 3, 4, 5}

    source, rows = capitation.budgets(main_system, 10_000_000)
    assert source == capitation.REGISTER
    assert sum(r.population for r in rows) == people
    assert sum(r.budget for r in rows) == 10_000_000

    # Publishing again replaces, never adds.
    assert population.publish_register_counts(main_system, tmp_path, AS_OF) == people
    assert sum(stored.values_list("people", flat=True)) == people
