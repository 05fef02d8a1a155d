"""The system model hands the population platform its shape and gets back aggregates; the data
manager works the feeds, quarantine and unlinked queue through the pages."""

import datetime as dt

import pyarrow.parquet as pq
import pytest
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.finance import capitation
from engineroom.population.lake import Lake
from engineroom.population.pipeline import build_population, linked_path
from engineroom.synth.population.spec import validate_spec
from engineroom.system import population
from engineroom.system.models import OrganisationKind, RegisterCount, System

AS_OF = dt.date(2026, 3, 31)
MAIN = "vale-downs"


@pytest.fixture(scope="module")
def built(tmp_path_factory, django_db_setup, django_db_blocker):
    """A small population of the main system, through feeds, ingest and linkage (once)."""
    var = tmp_path_factory.mktemp("population")
    with django_db_blocker.unblock():
        spec = population.region_spec(System.objects.get(code=MAIN), AS_OF)
    return var, build_population(spec, var=var, scale=0.003, seed=7, key="test-key")


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


def test_register_counts_reconcile_with_the_secondary_view_and_drive_capitation(built, main_system):
    var, summary = built
    ingest = summary["ingest"]
    assert ingest["rows_in"] == ingest["accepted"] + ingest["quarantined"]
    secondary = pq.read_table(linked_path(Lake(var), "secondary/person"))
    assert not set(secondary.column_names) & {"nhs_number", "birth_date", "postcode_district"}
    assert 0 < secondary.num_rows < summary["linkage"]["people"]  # opt-outs removed

    people = population.publish_register_counts(main_system, var, AS_OF)
    counted = population.register_counts(var, AS_OF)
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
    assert population.publish_register_counts(main_system, var, AS_OF) == people
    assert sum(stored.values_list("people", flat=True)) == people


def test_the_feeds_page_reconciles_every_file_of_the_system(built, settings, client_for):
    settings.VAR_DIR, summary = built
    page = client_for("data_manager").get(reverse("feeds:index", args=[MAIN]))
    feeds, totals = page.context["feeds"], page.context["summary"]
    assert totals.files == summary["ingest"]["files"] == len(feeds)
    assert totals.rows_in == summary["ingest"]["rows_in"]
    assert totals.reconciled and all(f["reconciled"] for f in feeds)
    # The national data opt-out list returned for the system is a feed like the others.
    assert any(f.get("kind") == "ndop" and f["accepted"] for f in feeds)
    assert b"Reconciles" in page.content and b"Does not reconcile" not in page.content
    # No person-level data on the list, so no audit entry for it.
    assert not AuditEvent.objects.filter(action__startswith="feeds.").exists()


def test_a_feed_shows_its_quarantine_by_row_and_field_and_is_audited(built, settings, client_for):
    settings.VAR_DIR, _ = built
    client = client_for("data_manager")
    feeds = client.get(reverse("feeds:index", args=[MAIN])).context["feeds"]
    dirty = next(f for f in feeds if f["quarantined"])
    page = client.get(reverse("feeds:feed", args=[MAIN, dirty["load_id"]]))
    rows = page.context["rows"]
    quarantined = [r for r in rows if r["severity"] != "flagged"]
    assert len(quarantined) == dirty["quarantined"] or len(rows) == page.context["limit"]
    assert all(r["row_number"] and r["field"] and r["reason"] for r in rows)
    first = quarantined[0]
    assert first["reason"].encode() in page.content
    event = AuditEvent.objects.get(action="feeds.quarantine_viewed")
    assert event.subject == f"feed:{dirty['load_id']}" and event.actor.username == "data_manager"


def test_an_unknown_feed_is_not_found(built, settings, client_for):
    settings.VAR_DIR, _ = built
    page = client_for("data_manager").get(reverse("feeds:feed", args=[MAIN, "nosuchload"]))
    assert page.status_code == 404


def test_the_unlinked_queue_shows_only_this_systems_senders_and_is_audited(
    built, settings, client_for
):
    settings.VAR_DIR, _ = built
    page = client_for("data_manager").get(reverse("feeds:unlinked", args=[MAIN]))
    rows = page.context["rows"]
    senders = set(
        System.objects.get(code=MAIN)
        .footprints.values_list("organisation__ods_code", flat=True)
        .distinct()
    )
    assert rows and {r["source"] for r in rows} <= senders
    assert AuditEvent.objects.filter(action="feeds.unlinked_viewed").count() == 1


@pytest.mark.parametrize("role", ["analyst", "clinician", "system_leader", "public"])
def test_other_roles_cannot_see_feeds_or_identifiable_queues(built, settings, client_for, role):
    settings.VAR_DIR, _ = built
    client = client_for(role)
    for name in ("feeds:index", "feeds:unlinked"):
        assert client.get(reverse(name, args=[MAIN])).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="feeds.").exists()
