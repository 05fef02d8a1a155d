"""The record store loaded from a real linked lake: everyone once, every linked row accounted
for, swapped in whole (readers see the old load until the swap), a failed load leaving the last
one current, and the load audited without anybody's NHS number."""

from __future__ import annotations

import json

import duckdb
import pytest

from engineroom.audit.models import AuditEvent, PersonAccess
from engineroom.population.lake import Lake
from engineroom.population.pipeline import current_version
from engineroom.record import queries, store
from engineroom.record.models import LoadStatus, PersonRecord, RecordLoad

pytestmark = pytest.mark.django_db
TABLES = (
    "gp_event",
    "medication",
    "ae_attendance",
    "outpatient",
    "community_contact",
    "mh_contact",
    "social_care_service",
    "care_home_residency",
    "apc_episode",
)


def _linked(var, table: str) -> str:
    lake = Lake(var)
    return f"read_parquet('{lake.root / 'linked' / current_version(lake) / table}.parquet')"


def _expected_entries(var) -> dict[str, int]:
    """What the linked tables say the record should hold, counted apart from the builder: rows
    with a person, plus a condition per APC diagnosis and an alert per ongoing care home stay."""
    found = {}
    for table in TABLES:
        sql = f"SELECT count(*) FROM {_linked(var, table)} WHERE person_id IS NOT NULL"
        found[table] = duckdb.sql(sql).fetchone()[0]
    diagnoses = duckdb.sql(
        "SELECT count(primary_diagnosis) + coalesce(sum(len(string_split(secondary_diagnoses, "
        f"';'))), 0) FROM {_linked(var, 'apc_episode')} WHERE person_id IS NOT NULL"
    ).fetchone()[0]
    ongoing = duckdb.sql(
        f"SELECT count(*) FROM {_linked(var, 'care_home_residency')} "
        "WHERE person_id IS NOT NULL AND end_date IS NULL"
    ).fetchone()[0]
    found["apc_episode"] += diagnoses
    found["care_home_residency"] += ongoing
    return found


def test_everyone_is_in_the_store_once_and_every_entry_is_accounted_for(record_var):
    loaded = store.load(record_var)
    people = duckdb.sql(f"SELECT nhs_number FROM {_linked(record_var, 'person_index')}")
    numbers = [row[0] for row in people.fetchall()]
    rows = PersonRecord.objects.filter(load=loaded)
    assert sorted(rows.values_list("nhs_number", flat=True)) == sorted(numbers)
    assert loaded.people == len(numbers) == len(set(numbers))
    assert loaded.report["entries_by_table"] == _expected_entries(record_var)
    in_documents = sum(len(doc["entries"]) for doc in rows.values_list("document", flat=True))
    assert in_documents == loaded.entries == sum(_expected_entries(record_var).values())
    assert RecordLoad.objects.get(status=LoadStatus.CURRENT) == loaded
    assert loaded.extract_date is not None


def test_a_record_reads_as_one_person_s_entries_newest_first(record_var):
    loaded = store.load(record_var)
    busiest = max(
        PersonRecord.objects.filter(load=loaded), key=lambda r: len(r.document["entries"])
    )
    entries = busiest.document["entries"]
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)
    assert {e["setting"] for e in entries} >= {"gp"}
    assert busiest.family_key == busiest.family_name.casefold()


def test_the_load_is_audited_with_counts_and_no_nhs_numbers(record_var):
    loaded = store.load(record_var)
    event = AuditEvent.objects.get(action="record.loaded")
    assert event.subject == f"record.recordload:{loaded.pk}"
    assert event.details["people"] == loaded.people
    assert "nhs_numbers" not in event.details
    assert not PersonAccess.objects.exists()
    text = json.dumps(event.details)
    assert not any(r in text for r in PersonRecord.objects.values_list("nhs_number", flat=True))


def test_a_reload_shows_readers_the_old_load_until_the_swap(record_var):
    first = store.load(record_var)
    person = PersonRecord.objects.filter(load=first).order_by("nhs_number").first()
    seen = []

    def read(done: int, total: int) -> None:  # a reader, while the new load is being written
        current = RecordLoad.objects.get(status=LoadStatus.CURRENT)
        rows = PersonRecord.objects.filter(load=current)
        found = rows.get(nhs_number=person.nhs_number)
        seen.append((current.pk, rows.count(), found.document == person.document))

    second = store.load(record_var, progress=read, batch_rows=500)
    assert len(seen) >= 2
    assert set(seen) == {(first.pk, first.people, True)}
    assert RecordLoad.objects.get(status=LoadStatus.CURRENT) == second
    assert not RecordLoad.objects.filter(pk=first.pk).exists()  # retired, and its rows deleted
    assert PersonRecord.objects.count() == second.people
    again = PersonRecord.objects.get(load=second, nhs_number=person.nhs_number)
    assert again.document == person.document  # the same linked version: the same record


def test_a_load_failing_half_way_leaves_the_last_load_current(record_var, monkeypatch):
    first = store.load(record_var)
    write = store._write_batch
    calls = []

    def fail_after_one(load_id, batch):
        calls.append(load_id)
        if len(calls) > 1:
            raise OSError("disk full")
        write(load_id, batch)

    monkeypatch.setattr(store, "_write_batch", fail_after_one)
    with pytest.raises(OSError, match="disk full"):
        store.load(record_var, batch_rows=500)
    failed = RecordLoad.objects.get(status=LoadStatus.FAILED)
    assert failed.message == "OSError: disk full"
    assert not PersonRecord.objects.filter(load=failed).exists()
    assert RecordLoad.objects.get(status=LoadStatus.CURRENT) == first
    assert PersonRecord.objects.filter(load=first).count() == first.people
    assert AuditEvent.objects.filter(action="record.load_failed").count() == 1


def test_a_load_killed_half_way_is_cleared_by_the_next_which_finishes_the_job(
    record_var, monkeypatch
):
    first = store.load(record_var)
    write = store._write_batch
    calls = []

    def killed_after_one(load_id, batch):
        calls.append(load_id)
        if len(calls) > 1:
            raise KeyboardInterrupt  # stands for SIGKILL: the except below never runs
        write(load_id, batch)

    monkeypatch.setattr(store, "_write_batch", killed_after_one)
    monkeypatch.setattr(store, "_fail", lambda *a, **k: None)  # a killed process cleans nothing
    with pytest.raises(KeyboardInterrupt):
        store.load(record_var, batch_rows=500)
    monkeypatch.undo()
    left = RecordLoad.objects.get(status=LoadStatus.LOADING)
    assert PersonRecord.objects.filter(load=left).exists()  # half written, never shown
    assert queries.person(PersonRecord.objects.filter(load=first).first().nhs_number).load == first
    third = store.load(record_var)
    assert RecordLoad.objects.get(pk=left.pk).status == LoadStatus.FAILED
    assert PersonRecord.objects.count() == third.people
