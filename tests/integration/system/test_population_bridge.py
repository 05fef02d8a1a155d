"""The system model hands the population platform its shape and gets back aggregates: register
counts by place, published through an audited action, that drive capitation."""

import datetime as dt
import json

import pyarrow.parquet as pq
import pytest

from engineroom.audit.models import AuditEvent
from engineroom.finance import capitation
from engineroom.population import api
from engineroom.population.lake import Lake
from engineroom.population.pipeline import linked_path
from engineroom.population.region import validate_spec
from engineroom.population_health import actions, bridge
from engineroom.system.models import OrganisationKind, RegisterCount
from factories.system import practices_system

AS_OF = dt.date(2025, 3, 31)


def test_the_region_spec_names_every_practice_of_the_system_once(db):
    system = practices_system()
    spec = bridge.region_spec(system, AS_OF)
    validate_spec(spec)
    places = spec["systems"][0]["places"]
    practices = [
        p["ods"] for place in places for hood in place["neighbourhoods"] for p in hood["practices"]
    ]
    expected = set(
        system.footprints.current(AS_OF)
        .filter(organisation__kind=OrganisationKind.GP_PRACTICE)
        .values_list("organisation__ods_code", flat=True)
    )
    assert sorted(practices) == sorted(expected) and len(practices) == len(set(practices)) == 8
    assert {p["code"] for p in places} == set(system.places.values_list("code", flat=True))
    assert [p["council"] for p in places] == ["E06990001", "E06990002"]
    served = {t["ods"]: (t["kind"], t["places"], t["fhir"]) for t in spec["trusts"]}
    north, south = sorted(system.places.values_list("code", flat=True))
    assert served == {
        "RT1": ("acute", [north, south], False),
        "RT2": ("acute", [south], False),
        "RT3": ("community", [north], True),
        "RT4": ("mental_health", [north, south], False),  # system-wide: every place
    }
    assert spec["as_of"] == "2025-03-31"


def test_a_missing_lake_is_a_clear_error(system, tmp_path):
    with pytest.raises(FileNotFoundError, match="no linked population"):
        actions.publish_register_counts(system, tmp_path, AS_OF, by=None)
    assert not AuditEvent.objects.exists()


def test_register_counts_reconcile_with_the_secondary_view_and_drive_capitation(
    published_system, phm_results, member
):
    system, var = published_system, phm_results
    lake = api.lake_status(var)
    assert lake["rows_in"] == lake["accepted"] + lake["quarantined"] > 0
    secondary = pq.read_table(linked_path(Lake(var), "secondary/person"))
    assert not set(secondary.column_names) & {"nhs_number", "birth_date", "postcode_district"}
    assert 0 < secondary.num_rows < lake["linkage"]["people"]  # opt-outs removed
    generated = json.loads((var / "synth" / "generation.json").read_text())["people"]

    people = actions.publish_register_counts(system, var, AS_OF, by=None)
    counted = bridge.register_counts(var, AS_OF)
    assert people == sum(row[3] for row in counted) > 0.8 * generated
    stored = RegisterCount.objects.filter(place__system=system)
    assert sum(stored.values_list("people", flat=True)) == people
    assert set(stored.values_list("age_band", flat=True)) == {b for b, _ in bridge.AGE_BANDS}
    assert set(stored.values_list("deprivation_quintile", flat=True)) <= {1, 2, 3, 4, 5}
    event = AuditEvent.objects.get(action="population_health.register_counts_published")
    assert event.subject == f"system.system:{system.pk}" and event.actor is None
    assert event.details["people"] == people

    source, rows = capitation.budgets(system, 10_000_000)
    assert source == capitation.REGISTER
    assert sum(r.population for r in rows) == people
    assert sum(r.budget for r in rows) == 10_000_000

    # Publishing again replaces, never adds.
    assert actions.publish_register_counts(system, var, AS_OF, by=member("data_manager")) == people
    assert sum(stored.values_list("people", flat=True)) == people
