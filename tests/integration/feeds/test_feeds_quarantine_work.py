"""The data manager works the quarantine and the unlinked queue through the pages: a row is
corrected (checked by the ingest validation), released (only when the rule allows), or sent back
to its sender; an unlinked record is matched to a person or confirmed as new. After every action
the file and the lake reconcile, the action is audited, and a crash between the lake and the
database is finished by the next run."""

from __future__ import annotations

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.feeds import actions, queries
from engineroom.feeds.models import LinkDecision, RowAction, RowDecision, State
from engineroom.population import api, corrections, manual_links
from engineroom.population.ingest import ingest_path
from engineroom.population.lake import Lake
from engineroom.population.pipeline import run_linkage

PHM_KEY = "factory-system-test-key"  # the pseudonymisation key ``phm_results`` was built with


@pytest.fixture
def lake(private_lake):
    return private_lake


def bad_date_row(var, file_prefix: str = "sus_op__") -> dict:
    """A row quarantined for an invalid date (and nothing else) in the first file that has one."""
    rows = api.quarantine(var, limit=100_000)
    by_row: dict[tuple, list] = {}
    for r in rows:
        by_row.setdefault((r["load_id"], r["row_number"]), []).append(r)
    return next(
        r
        for (_load, _row), found in by_row.items()
        for r in found
        if r["file"].startswith(file_prefix)
        and r["reason"].startswith("not a valid date")
        and all(x["severity"] == "flagged" or x is r for x in found)
    )


def row_url(system, row: dict, action: str = "row") -> str:
    return reverse(f"feeds:{action}", args=[system.code, row["load_id"], row["row_number"]])


def assert_reconciles(system, var, load_id: str) -> dict:
    found = queries.feed(system, load_id)
    assert found["rows_in"] == found["accepted"] + found["quarantined"]
    status = api.lake_status(var)
    assert status["rows_in"] == status["accepted"] + status["quarantined"]
    return found


def test_a_corrected_row_is_accepted_into_the_lake_and_everything_reconciles(
    system, lake, member, signed_in
):
    user = member("data_manager")
    client = signed_in(user)
    row = bad_date_row(lake)
    before = queries.feed(system, row["load_id"])
    total_before = api.lake_status(lake)
    page = client.get(row_url(system, row))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    record = page.context["worked"]["record"]
    assert record[row["field"]] == row["value"]  # the record as the sender sent it
    assert AuditEvent.objects.filter(action="feeds.row_viewed", actor=user).exists()

    fixed = record | {row["field"]: "2024-02-28"}
    done = client.post(row_url(system, row), fixed, follow=True)
    assert done.redirect_chain and "The file now reconciles" in done.content.decode()
    after = assert_reconciles(system, lake, row["load_id"])
    assert after["accepted"] == before["accepted"] + 1
    assert after["quarantined"] == before["quarantined"] - 1
    assert after["accepted_late"] == 1 and after["rows_in"] == before["rows_in"]
    total = api.lake_status(lake)
    assert total["files_loaded"] == total_before["files_loaded"]
    assert total["accepted"] == total_before["accepted"] + 1
    # The row left the quarantine and is in the feed's table, with its corrected date.
    open_rows = queries.issues(system, load_id=row["load_id"]).table
    assert row["row_number"] not in open_rows["row_number"].to_pylist()
    table = Lake(lake).read("outpatient")
    mine = table.filter(pc.equal(table["record_id"], record["APPOINTMENT_ID"]))
    assert str(mine["appointment_date"][0]) == "2024-02-28"
    assert mine["load_id"][0].as_py() == row["load_id"]  # it arrived in that file
    event = AuditEvent.objects.get(action="feeds.row_corrected")
    assert event.actor == user and event.subject == f"feeds.load:{row['load_id']}"
    assert event.details["fields"] == [row["field"]] and event.details["accepted_late"] == 1
    assert RowDecision.objects.get().state == State.DONE
    # The row is not quarantined any more: nothing to work at that address.
    assert client.get(row_url(system, row)).status_code == 404


def test_a_correction_still_wrong_names_the_field_and_changes_nothing(
    system, lake, member, signed_in
):
    client = signed_in(member("data_manager"))
    row = bad_date_row(lake)
    record = client.get(row_url(system, row)).context["worked"]["record"]
    page = client.post(row_url(system, row), record | {row["field"]: "2024-02-30"})
    assert page.status_code == 200
    assert page.context["form"].errors[row["field"]]
    assert "not a valid date" in page.content.decode()
    assert queries.feed(system, row["load_id"])["accepted_late"] == 0
    assert not RowDecision.objects.exists()
    assert not AuditEvent.objects.filter(action="feeds.row_corrected").exists()


def test_a_row_is_released_only_when_the_rule_allows(system, lake, member, signed_in):
    client = signed_in(member("data_manager"))
    row = bad_date_row(lake)
    page = client.get(row_url(system, row))
    assert (
        "Only an unrecognised code in an optional field" in page.context["worked"]["cannot_release"]
    )
    refused = client.post(row_url(system, row, "row-release"))
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert not AuditEvent.objects.filter(action="feeds.row_released").exists()

    # A practice's list with an ethnic category code outside the list: releasable as unknown.
    feeds = lake / "incoming"
    feeds.mkdir()
    (feeds / "gp_patients__Y99001__20250415.csv").write_text(
        "NHS_NUMBER,DATE_OF_BIRTH,SEX,ETHNIC_CATEGORY,REGISTRATION_DATE\n"
        "9434765919,1950-01-01,F,Q,2020-01-01\n"
    )
    (report,) = ingest_path(feeds, lake)
    assert report["quarantined"] == 1
    odd = {"load_id": report["load_id"], "row_number": 1}
    assert client.get(row_url(system, odd)).context["worked"]["cannot_release"] is None
    done = client.post(row_url(system, odd, "row-release"), follow=True)
    assert "released and accepted" in done.content.decode()
    after = assert_reconciles(system, lake, report["load_id"])
    assert (after["accepted"], after["quarantined"], after["accepted_late"]) == (1, 0, 1)
    assert after["flag_reasons"] == {} or after["flagged"] == 1
    person = Lake(lake).read("person")
    released = person.filter(pc.equal(person["nhs_number"], "9434765919"))
    assert released.num_rows == 1 and released["ethnicity_group"][0].as_py() is None
    assert AuditEvent.objects.get(action="feeds.row_released").details["fields"] == [
        "ETHNIC_CATEGORY"
    ]


def test_a_sender_is_asked_to_resubmit_and_the_row_stays_quarantined(
    system, lake, member, signed_in
):
    user = member("data_manager")
    client = signed_in(user)
    row = bad_date_row(lake)
    to_work = queries.quarantine_to_work(system)
    before = queries.feed(system, row["load_id"])
    client.post(row_url(system, row, "row-resubmit"), {"note": "Send the real appointment date"})
    after = assert_reconciles(system, lake, row["load_id"])
    assert (after["accepted"], after["quarantined"]) == (before["accepted"], before["quarantined"])
    request = RowDecision.objects.get(action=RowAction.RESUBMIT)
    assert request.state == State.OPEN and request.source == before["source"]
    assert queries.quarantine_to_work(system) == to_work - 1
    listed = client.get(
        reverse("feeds:resubmissions", args=[system.code]), {"source": request.source}
    )
    assert (
        listed.context["requests"][0] == request
        and b"Send the real appointment date" in listed.content
    )
    event = AuditEvent.objects.get(action="feeds.resubmission_requested")
    assert event.actor == user and event.details["sender"] == before["source"]
    again = client.post(row_url(system, row, "row-resubmit"), {"note": "again"})
    assert "already waiting on its sender" in again.content.decode()
    assert client.post(row_url(system, row, "row-resubmit"), {"note": ""}).context["form"].errors


def test_a_crash_between_the_lake_and_the_database_is_finished_by_the_next_run(
    system, lake, member
):
    user = member("data_manager")
    first, second = _two_bad_rows(lake)
    for row, lake_done in ((first, True), (second, False)):
        record = corrections.original_record(lake, row["load_id"], row["row_number"])
        values = record | {row["field"]: "2024-01-31"}
        found = queries.feed(system, row["load_id"])
        RowDecision.objects.create(
            system=system,
            load_id=row["load_id"],
            file=found["file"],
            source=found["source"],
            row_number=row["row_number"],
            action=RowAction.CORRECT,
            state=State.PENDING,
            values=values,
            by=user,
        )
        if lake_done:  # the lake was written, then the process died before the database
            corrections.correct(lake, row["load_id"], row["row_number"], values, by=str(user))
    assert actions.finish_pending(system) == 2
    assert set(RowDecision.objects.values_list("state", flat=True)) == {State.DONE}
    assert AuditEvent.objects.filter(action="feeds.row_corrected").count() == 2
    for row in (first, second):
        assert_reconciles(system, lake, row["load_id"])
    corrections_in_lake = [m for m in Lake(lake).loads() if corrections.is_correction(m)]
    assert len(corrections_in_lake) == 2  # done once each, never twice
    assert actions.finish_pending(system) == 0


def _two_bad_rows(var) -> tuple[dict, dict]:
    first = bad_date_row(var, "sus_op__")
    second = bad_date_row(var, "gp_")
    return first, second


def test_an_unlinked_record_is_matched_and_the_next_linkage_uses_it(
    system, lake, member, signed_in
):
    user = member("data_manager")
    client = signed_in(user)
    queue = client.get(reverse("feeds:unlinked", args=[system.code]))
    record = queue.context["rows"][0]
    url = reverse(
        "feeds:unlinked-record", args=[system.code, record["source"], record["record_id"]]
    )
    person = Lake(lake).read("person")["nhs_number"][0].as_py()
    search = client.get(url, {"nhs_number": person})
    assert [p["nhs_number"] for p in search.context["people"]] == [person]
    assert "no-store" in search["Cache-Control"]
    assert AuditEvent.objects.get(action="feeds.candidates_searched").details["nhs_numbers"] == [
        person
    ]
    assert client.get(url, {"nhs_number": "1234567890"}).context["search"].errors  # Modulus 11
    assert client.post(url, {"nhs_number": "9434765919"}).context["form"].errors  # nobody here
    done = client.post(url, {"nhs_number": person}, follow=True)
    assert "next linkage run" in done.content.decode()
    decision = LinkDecision.objects.get()
    assert decision.state == State.DONE and decision.person_id == person
    event = AuditEvent.objects.get(action="feeds.record_matched")
    assert (
        event.actor == user
        and event.details["record"] == f"{record['source']}:{record['record_id']}"
    )
    assert (
        manual_links.decided(lake)[(record["source"], record["record_id"])]["person_id"] == person
    )

    run_linkage(var=lake, key=PHM_KEY)
    unlinked = manual_links.unlinked_rows(lake, [record["source"]])
    assert record["record_id"] not in unlinked["record_id"].to_pylist()
    linked = Lake(lake).root / "linked"
    version = (linked / "CURRENT").read_text().strip()
    table = pq.read_table(linked / version / f"{record['table']}.parquet")
    mine = table.filter(pc.equal(table["record_id"], record["record_id"]))
    assert mine["person_id"][0].as_py() == person
    assert mine["link_rule"][0].as_py() == manual_links.MATCHED


def test_an_unlinked_record_is_confirmed_as_a_new_person(system, lake, member, signed_in):
    client = signed_in(member("data_manager"))
    record = client.get(reverse("feeds:unlinked", args=[system.code])).context["rows"][0]
    url = reverse("feeds:unlinked-new", args=[system.code, record["source"], record["record_id"]])
    client.post(url)
    decision = LinkDecision.objects.get()
    assert decision.new_person and decision.person_id == (
        record["nhs_number"] or decision.person_id
    )
    assert AuditEvent.objects.filter(action="feeds.record_confirmed_new").count() == 1
    queue = client.get(reverse("feeds:unlinked", args=[system.code]))
    shown = next(r for r in queue.context["rows"] if r["record_id"] == record["record_id"])
    assert shown["decision"]["link_rule"] == manual_links.NEW_PERSON
    assert b"Confirmed as a new person" in queue.content


def test_every_list_filters_and_pages_without_javascript(system, lake, member, signed_in):
    client = signed_in(member("data_manager"))
    index = reverse("feeds:index", args=[system.code])
    every = client.get(index).context["page"].paginator.count
    sus = client.get(index, {"kind": "sus_op", "partner": "RT1"})
    assert {(f["kind"], f["source"]) for f in sus.context["feeds"]} == {("sus_op", "RT1")}
    assert client.get(index, {"month": "2025-02"}).context["page"].paginator.count < every
    assert client.get(index, {"status": "to_work"}).context["page"].paginator.count < every
    ignored = client.get(index, {"kind": "no-such-feed", "page": "999999999999999999999"})
    assert ignored.status_code == 200 and ignored.context["page"].paginator.count == every
    quarantine = reverse("feeds:quarantine", args=[system.code])
    first = client.get(quarantine)
    listed = queries.issues(system, severity="quarantined").table.to_pylist()
    assert first.context["page"].paginator.count == len(listed)  # an issue a line
    rows = {(r["load_id"], r["row_number"]) for r in listed if r["field"] != "(file)"}
    assert len(rows) == queries.quarantine_to_work(system)  # a row may break several rules
    assert first.context["page"].has_next() and b"page=2" in first.content
    second = client.get(quarantine, {"page": 2})
    assert second.context["page"].number == 2
    dates = client.get(quarantine, {"reason": "not a valid date (expected YYYY-MM-DD)"})
    assert {r["reason"] for r in dates.context["rows"]} == {
        "not a valid date (expected YYYY-MM-DD)"
    }
    a_file = first.context["rows"][0]["file"]
    assert {r["file"] for r in client.get(quarantine, {"file": a_file}).context["rows"]} == {a_file}
    unlinked = reverse("feeds:unlinked", args=[system.code])
    only = client.get(unlinked, {"source": "RT2"}).context["rows"]
    assert only and {r["source"] for r in only} == {"RT2"}


def test_a_duplicate_is_accepted_only_under_a_key_the_file_has_not_used(
    system, lake, member, signed_in
):
    client = signed_in(member("data_manager"))
    dup = next(
        r
        for r in api.quarantine(lake, limit=100_000)
        if r["reason"] == "duplicate record key within the file" and r["file"].startswith("sus_op")
    )
    record = client.get(row_url(system, dup)).context["worked"]["record"]
    same = client.post(row_url(system, dup), record)
    assert same.status_code == 200
    assert "is already accepted from" in " ".join(same.context["form"].errors[dup["field"]])
    fresh = record | {dup["field"]: record[dup["field"]] + "-B"}
    assert client.post(row_url(system, dup), fresh).status_code == 302
    assert_reconciles(system, lake, dup["load_id"])
