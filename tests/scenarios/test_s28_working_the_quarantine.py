"""S28 Working the quarantine. A data manager corrects and releases quarantined rows, asks a
sender to resubmit a file, matches an unlinked record to a person, and sees which partners' feeds
are late; counts still reconcile (in = accepted + quarantined) after every action, and every
action is audited."""

from __future__ import annotations

import datetime as dt
import shutil

import pyarrow.compute as pc
import pytest
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.feeds import queries
from engineroom.population import api, manual_links
from engineroom.population.ingest import ingest_path


@pytest.fixture
def lake(phm_web_var, settings, tmp_path):
    """The demo system's feeds, in a copy this story may change."""
    var = tmp_path / "var"
    shutil.copytree(phm_web_var / "lake", var / "lake")
    settings.VAR_DIR = var
    return var


def present(column: str):
    return pc.is_valid(pc.field(column))


def reconciles(system, var, load_id: str) -> dict:
    found = queries.feed(system, load_id)
    assert found["rows_in"] == found["accepted"] + found["quarantined"]
    totals = api.lake_status(var)
    assert totals["rows_in"] == totals["accepted"] + totals["quarantined"]
    return found


def audited(action: str, user) -> AuditEvent:
    return AuditEvent.objects.filter(action=action, actor=user).latest("seq")


def test_s28_a_data_manager_works_the_quarantine(main_system, lake, client_for, user_for):
    client, me = client_for("data_manager"), user_for("data_manager")
    code = main_system.code

    # The quarantine: rows to work, by rule. She picks a bad appointment date.
    quarantine = client.get(
        reverse("feeds:quarantine", args=[code]),
        {"reason": "not a valid date (expected YYYY-MM-DD)"},
    )
    assert quarantine.status_code == 200 and quarantine.context["rows"]
    to_work = queries.quarantine_to_work(main_system)
    bad = quarantine.context["rows"][0]
    row_url = reverse("feeds:row", args=[code, bad["load_id"], bad["row_number"]])
    row = client.get(row_url).context["worked"]
    assert row["record"][bad["field"]] == bad["value"]
    before = queries.feed(main_system, bad["load_id"])

    # She corrects it: the same checks as ingest, and the row is accepted into the lake.
    fixed = row["record"] | {bad["field"]: "2024-01-15"}
    done = client.post(row_url, fixed, follow=True)
    assert "corrected and accepted" in done.content.decode()
    after = reconciles(main_system, lake, bad["load_id"])
    assert after["accepted"] == before["accepted"] + 1 and after["accepted_late"] == 1
    assert queries.quarantine_to_work(main_system) == to_work - 1
    assert audited("feeds.row_corrected", me).details["row"] == f"{bad['file']}:{bad['row_number']}"

    # A practice sends a list with an ethnic category code outside the list: she releases it.
    practice = next(
        f["source"] for f in queries.system_feeds(main_system) if f.get("kind") == "gp_patients"
    )
    incoming = lake / "incoming"
    incoming.mkdir()
    today = dt.date.today().strftime("%Y%m%d")
    (incoming / f"gp_patients__{practice}__{today}.csv").write_text(
        "NHS_NUMBER,DATE_OF_BIRTH,SEX,ETHNIC_CATEGORY,REGISTRATION_DATE\n"
        "9434765919,1950-01-01,F,Q,2020-01-01\n"
    )
    (report,) = ingest_path(incoming, lake)
    release = reverse("feeds:row-release", args=[code, report["load_id"], 1])
    assert "released and accepted" in client.post(release, follow=True).content.decode()
    released = reconciles(main_system, lake, report["load_id"])
    assert (released["accepted"], released["quarantined"], released["accepted_late"]) == (1, 0, 1)
    assert audited("feeds.row_released", me).details["fields"] == ["ETHNIC_CATEGORY"]

    # A duplicate record cannot be released as sent: she asks the sender to resubmit it.
    duplicate = client.get(
        reverse("feeds:quarantine", args=[code]),
        {"reason": "duplicate record key within the file"},
    ).context["rows"][0]
    dup_url = reverse("feeds:row", args=[code, duplicate["load_id"], duplicate["row_number"]])
    assert "Only an unrecognised code" in client.get(dup_url).context["worked"]["cannot_release"]
    ask = reverse("feeds:row-resubmit", args=[code, duplicate["load_id"], duplicate["row_number"]])
    waiting = queries.feed(main_system, duplicate["load_id"])
    client.post(ask, {"note": "Two appointments share one id: send both with their own ids"})
    still = reconciles(main_system, lake, duplicate["load_id"])
    assert still["quarantined"] == waiting["quarantined"]  # it stays quarantined
    listed = client.get(reverse("feeds:resubmissions", args=[code]), {"source": waiting["source"]})
    assert b"send both with their own ids" in listed.content
    assert audited("feeds.resubmission_requested", me).details["sender"] == waiting["source"]

    # The unlinked queue: she matches a record to the person it belongs to.
    senders = sorted(queries.senders(main_system))
    dated = manual_links.unlinked_rows(lake, senders).filter(present("birth_date"))
    source = dated["source"][0].as_py()
    queue = client.get(reverse("feeds:unlinked", args=[code]), {"source": source}).context["rows"]
    assert queue and {r["source"] for r in queue} == {source}
    record = next(r for r in queue if r["birth_date"])
    record_url = reverse(
        "feeds:unlinked-record", args=[code, record["source"], record["record_id"]]
    )
    search = {"search": "1", "birth_date": record["birth_date"], "family_name": "Unknown"}
    found = client.post(record_url, search).context["people"]  # a POST: nothing in the URL
    assert audited("feeds.candidates_searched", me)
    if found:
        client.post(record_url, {"nhs_number": found[0]["nhs_number"]})
        assert audited("feeds.record_matched", me).details["person"] == found[0]["nhs_number"]
    else:
        new = reverse("feeds:unlinked-new", args=[code, record["source"], record["record_id"]])
        client.post(new)
        assert audited("feeds.record_confirmed_new", me)
    queue = client.get(reverse("feeds:unlinked", args=[code]), {"source": record["source"]})
    assert b"at the next linkage run" in queue.content

    # And which partners' feeds are late: her home page's list.
    late = queries.late_feeds(main_system)
    assert late and all(f.status == "missing" for f in late)
    calendar = client.get(reverse("feeds:calendar", args=[code]))
    assert late[0].message in calendar.content.decode()

    # Through it all the whole system's feeds still reconcile.
    feeds = client.get(reverse("feeds:index", args=[code]))
    assert feeds.context["summary"].reconciled and feeds.context["summary"].accepted_late == 2
