"""The data manager works the quarantine and the unlinked queue through the pages: a row is
corrected (checked by the ingest validation), released (only when the rule allows), or sent back
to its sender; an unlinked record is matched to a person or confirmed as new. After every action
the file and the lake reconcile, the action is audited, and a crash between the lake and the
database is finished by the next run."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from django.urls import reverse
from django.utils import timezone

from engineroom.audit.models import AuditEvent
from engineroom.feeds import actions, queries, rules
from engineroom.feeds.models import LinkDecision, RowAction, RowDecision, State
from engineroom.population import api, corrections, manual_links
from engineroom.population.ingest import ingest_path
from engineroom.population.lake import Lake
from engineroom.population.pipeline import run_linkage
from engineroom.population.schema import EVENT_TABLES

PHM_KEY = "factory-system-test-key"  # the pseudonymisation key ``phm_results`` was built with


@pytest.fixture
def lake(private_lake):
    return private_lake


def open_issues(var) -> list[dict]:
    """Every open row issue in the lake, as the data manager's pages read them."""
    return corrections.open_issues(var, [m["load_id"] for m in Lake(var).loads()]).to_pylist()


def bad_date_row(var, file_prefix: str = "sus_op__") -> dict:
    """A row quarantined for an invalid date (and nothing else) in the first file that has one."""
    rows = open_issues(var)
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
    _age(RowDecision)
    assert actions.finish_pending(system) == 2
    assert set(RowDecision.objects.values_list("state", flat=True)) == {State.DONE}
    assert AuditEvent.objects.filter(action="feeds.row_corrected").count() == 2
    for row in (first, second):
        assert_reconciles(system, lake, row["load_id"])
    corrections_in_lake = [m for m in Lake(lake).loads() if corrections.is_correction(m)]
    assert len(corrections_in_lake) == 2  # done once each, never twice
    assert actions.finish_pending(system) == 0


def _age(model) -> None:
    """Make every pending decision older than the grace period (left by a crash)."""
    old = timezone.now() - rules.PENDING_GRACE - dt.timedelta(seconds=1)
    model.objects.filter(state=State.PENDING).update(at=old)


def test_a_decision_another_request_is_still_working_is_left_to_it(system, lake, member):
    row = bad_date_row(lake)
    found = queries.feed(system, row["load_id"])
    values = corrections.original_record(lake, row["load_id"], row["row_number"])
    decision = RowDecision.objects.create(
        system=system,
        load_id=row["load_id"],
        file=found["file"],
        source=found["source"],
        row_number=row["row_number"],
        action=RowAction.CORRECT,
        state=State.PENDING,
        values=values | {row["field"]: "2024-01-31"},
        by=member("data_manager"),
    )
    assert actions.finish_pending(system) == 0  # in flight: another request is on it
    decision.refresh_from_db()
    assert decision.state == State.PENDING
    assert not [m for m in Lake(lake).loads() if corrections.is_correction(m)]
    assert not AuditEvent.objects.filter(action="feeds.row_corrected").exists()
    later = timezone.now() + rules.PENDING_GRACE + dt.timedelta(seconds=1)
    assert actions.finish_pending(system, now=later) == 1  # a crash leftover by then
    decision.refresh_from_db()
    assert decision.state == State.DONE
    assert actions.finish_pending(system, now=later) == 0


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
    person = own_person(system, lake)["nhs_number"]
    search = client.post(url, {"search": "1", "nhs_number": person})
    assert [p["nhs_number"] for p in search.context["people"]] == [person]
    assert "no-store" in search["Cache-Control"]
    assert AuditEvent.objects.get(action="feeds.candidates_searched").details["nhs_numbers"] == [
        person
    ]
    bad = client.post(url, {"search": "1", "nhs_number": "1234567890"})  # Modulus 11
    assert bad.context["search"].errors and not LinkDecision.objects.exists()
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
        manual_links.decided(lake)[(record["source"], record["table"], record["record_id"])][
            "person_id"
        ]
        == person
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
        for r in open_issues(lake)
        if r["reason"] == "duplicate record key within the file" and r["file"].startswith("sus_op")
    )
    record = client.get(row_url(system, dup)).context["worked"]["record"]
    same = client.post(row_url(system, dup), record)
    assert same.status_code == 200
    assert "is already accepted from" in " ".join(same.context["form"].errors[dup["field"]])
    fresh = record | {dup["field"]: record[dup["field"]] + "-B"}
    assert client.post(row_url(system, dup), fresh).status_code == 302
    assert_reconciles(system, lake, dup["load_id"])


def own_person(system, var) -> dict:
    """Someone in the latest person index registered at one of ``system``'s practices."""
    index = pq.read_table(manual_links._linked(var, "person_index"))
    practices = pa.array(queries.practices(system), pa.string())
    mine = index.filter(pc.is_in(index["registered_practice"], practices))
    return mine.slice(0, 1).to_pylist()[0]


def test_candidates_are_searched_by_post_narrowly_and_only_among_the_systems_people(
    system, lake, member, signed_in
):
    client = signed_in(member("data_manager"))
    record = client.get(reverse("feeds:unlinked", args=[system.code])).context["rows"][0]
    url = reverse(
        "feeds:unlinked-record", args=[system.code, record["source"], record["record_id"]]
    )
    page = client.get(url)
    assert b'<form method="post" novalidate id="search-form">' in page.content
    assert b"csrfmiddlewaretoken" in page.content
    person = own_person(system, lake)
    born = person["birth_date"].isoformat()
    ignored = client.get(url, {"birth_date": born, "nhs_number": person["nhs_number"]})
    assert ignored.context["people"] is None  # nothing is searched from a URL
    dob = {"birth_date": born}
    alone = client.post(url, {"search": "1", **dob})
    assert alone.context["people"] is None and "family_name" in alone.context["search"].errors
    assert not AuditEvent.objects.filter(action="feeds.candidates_searched").exists()
    found = client.post(url, {"search": "1", **dob, "family_name": person["family_name"].upper()})
    people = found.context["people"]
    assert person["nhs_number"] in [p["nhs_number"] for p in people]
    assert {p["registered_practice"] for p in people} <= set(queries.practices(system))
    assert AuditEvent.objects.filter(action="feeds.candidates_searched").count() == 1
    # someone registered elsewhere is never offered, nor can a record be matched to them
    by_number = {"nhs_number": person["nhs_number"]}
    assert not manual_links.candidates(lake, practices=["Y99999"], **by_number)
    assert manual_links.candidates(lake, practices=[person["registered_practice"]], **by_number)
    assert not manual_links.candidates(lake, practices=queries.practices(system), birth_date=born)


def test_a_manual_link_applies_to_its_own_event_table_only(system, lake, member):
    record = manual_links.unlinked_rows(lake, sorted(queries.senders(system))).to_pylist()[0]
    person = own_person(system, lake)["nhs_number"]
    other = next(t for t in EVENT_TABLES if t != record["table"])
    decision = {
        "source": record["source"],
        "record_id": record["record_id"],
        "person_id": person,
        "link_rule": manual_links.MATCHED,
    }
    manual_links.record(lake, decision | {"table": other})  # same sender and id, another table
    run_linkage(var=lake, key=PHM_KEY)
    still = manual_links.unlinked_rows(lake, [record["source"]]).to_pylist()
    assert (record["table"], record["record_id"]) in {(r["table"], r["record_id"]) for r in still}
    manual_links.record(lake, decision | {"table": record["table"]})
    assert len(manual_links.decisions(lake)) == 2  # one decision per table
    run_linkage(var=lake, key=PHM_KEY)
    after = manual_links.unlinked_rows(lake, [record["source"]]).to_pylist()
    assert (record["table"], record["record_id"]) not in {
        (r["table"], r["record_id"]) for r in after
    }


def test_the_unlinked_queue_shows_before_any_linkage_run(system, lake, member, signed_in):
    (Lake(lake).root / "linked" / "CURRENT").unlink()
    client = signed_in(member("data_manager"))
    page = client.get(reverse("feeds:unlinked", args=[system.code]), {"source": "RT2"})
    assert page.status_code == 200 and page.context["rows"] == []
    empty = manual_links.unlinked_rows(lake, ["RT2"])
    assert empty.num_rows == 0 and empty.schema == manual_links.UNLINKED_SCHEMA
    record = reverse("feeds:unlinked-record", args=[system.code, "RT2", "no-such-record"])
    assert client.get(record).status_code == 404


def test_a_row_that_cannot_be_read_again_can_still_be_sent_back(system, lake, member, signed_in):
    client = signed_in(member("data_manager"))
    row = bad_date_row(lake)
    manifest_path = Lake(lake).manifests / f"{row['load_id']}.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["outputs"].pop(corrections.RECORDS, None)
    manifest["path"] = str(lake / "gone.csv")  # the source file is gone too
    manifest_path.write_text(json.dumps(manifest))
    page = client.get(row_url(system, row))
    assert page.status_code == 200 and page.context["correct_form"] is None
    assert b'id="unreadable"' in page.content and b'id="resubmit-form"' in page.content
    posted = client.post(row_url(system, row), {row["field"]: "2024-01-31"})
    assert posted.status_code == 200 and not RowDecision.objects.exists()
    sent = client.post(row_url(system, row, "row-resubmit"), {"note": "Send it again"})
    assert sent.status_code == 302
    assert RowDecision.objects.get().action == RowAction.RESUBMIT


def test_a_resubmission_note_is_not_copied_into_the_audit(system, lake, member, signed_in):
    client = signed_in(member("data_manager"))
    row = bad_date_row(lake)
    note = "The date 2024-13-45 is impossible"
    client.post(row_url(system, row, "row-resubmit"), {"note": note})
    details = AuditEvent.objects.get(action="feeds.resubmission_requested").details
    assert details["note_given"] is True and note not in json.dumps(details)
    listed = client.get(reverse("feeds:resubmissions", args=[system.code]))
    assert note in listed.content.decode() and "no-store" in listed["Cache-Control"]
