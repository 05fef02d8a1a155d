"""The data manager works the feeds through the pages: every file reconciles, the quarantine by
row and field, the unlinked queue of the system's own senders; identifiable pages are audited
and never cached. The organisation loader checks, loads all or nothing, and is audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.population import api
from engineroom.system.models import Footprint, Organisation
from factories.system import SystemFactory


def test_the_feeds_page_reconciles_every_file_of_the_system(system, member, signed_in, settings):
    page = signed_in(member("data_manager")).get(reverse("feeds:index", args=[system.code]))
    feeds, totals = page.context["feeds"], page.context["summary"]
    lake = api.lake_status(settings.VAR_DIR)
    assert totals.files == lake["files_loaded"] == len(feeds)
    assert totals.rows_in == lake["rows_in"] > 0
    assert totals.reconciled and all(f["reconciled"] for f in feeds)
    # The national data opt-out list returned for the system is a feed like the others.
    assert any(f.get("kind") == "ndop" and f["accepted"] for f in feeds)
    assert {f["sender"] for f in feeds} >= {"Northtown Hospitals", "Public reference data"}
    assert feeds[0]["loaded"] in page.content.decode()  # "29 November 2026, 19:21"
    assert b"Reconciles" in page.content and b"Does not reconcile" not in page.content
    # No person-level data on the list, so no audit entry for it.
    assert not AuditEvent.objects.filter(action__startswith="feeds.").exists()


def test_a_feed_shows_its_quarantine_by_row_and_field_and_is_audited(system, member, signed_in):
    user = member("data_manager")
    client = signed_in(user)
    feeds = client.get(reverse("feeds:index", args=[system.code])).context["feeds"]
    dirty = next(f for f in feeds if f["quarantined"])
    page = client.get(reverse("feeds:feed", args=[system.code, dirty["load_id"]]))
    rows = page.context["rows"]
    quarantined = [r for r in rows if r["severity"] != "flagged"]
    assert len(quarantined) == dirty["quarantined"] or len(rows) == page.context["limit"]
    assert all(r["row_number"] and r["field"] and r["reason"] for r in rows)
    assert quarantined[0]["reason"].encode() in page.content
    assert "no-store" in page["Cache-Control"]
    event = AuditEvent.objects.get(action="feeds.quarantine_viewed")
    assert event.subject == f"feeds.load:{dirty['load_id']}" and event.actor == user
    assert event.details["file"] == dirty["file"] and event.details["rows_shown"] == len(rows)
    # whose data were shown: the rows, and any NHS numbers among the values
    assert event.details["rows"] == sorted({r["row_number"] for r in rows})
    nhs = {r["value"] for r in rows if r["field"].upper() == "NHS_NUMBER" and r["value"]}
    assert set(event.details["nhs_numbers"]) == nhs


def test_the_unlinked_queue_shows_only_this_systems_senders_and_is_audited(
    system, member, signed_in
):
    user = member("data_manager")
    page = signed_in(user).get(reverse("feeds:unlinked", args=[system.code]))
    rows = page.context["rows"]
    senders = set(system.footprints.values_list("organisation__ods_code", flat=True))
    assert rows and {r["source"] for r in rows} <= senders
    assert rows[0]["record_id"] in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    event = AuditEvent.objects.get(action="feeds.unlinked_viewed")
    assert event.subject == f"system.system:{system.pk}" and event.actor == user
    assert event.details["rows_shown"] == len(rows)
    # whose records were shown: every row, and the NHS numbers on the page
    assert event.details["records"] == [f"{r['source']}:{r['record_id']}" for r in rows]
    nhs = {r["nhs_number"] for r in rows if r["nhs_number"]}
    assert nhs and set(event.details["nhs_numbers"]) == nhs


def upload(client, system, **files: str):
    attached = [SimpleUploadedFile(name, text.encode(), "text/csv") for name, text in files.items()]
    return client.post(reverse("feeds:load", args=[system.code]), {"files": attached}, follow=True)


def extract(system) -> dict[str, str]:
    return {
        "areas.csv": f"code,name,level,parent_code,population\n"
        f"new-place,New Place,place,{system.code},250000\n",
        "organisations.csv": "ods_code,name,kind\nRQ7,New Place Hospital,acute\n",
        "footprints.csv": "ods_code,area_code,start_date\nRQ7,new-place,2024-04-01\n",
    }


def test_a_good_extract_loads_and_is_audited(system, member, signed_in):
    user = member("data_manager")
    page = upload(signed_in(user), system, **extract(system))
    assert page.redirect_chain[-1][0] == reverse("feeds:load", args=[system.code])
    text = page.content.decode()
    assert "Loaded: areas.csv (1 row), organisations.csv (1 row), footprints.csv (1 row)." in text
    assert Footprint.objects.get(organisation__ods_code="RQ7").place.code == "new-place"
    event = AuditEvent.objects.get(action="feeds.extract_loaded")
    assert event.subject == f"system.system:{system.pk}" and event.actor == user
    assert event.details == {"areas.csv": 1, "organisations.csv": 1, "footprints.csv": 1}


@pytest.mark.parametrize("trouble", ["bad row", "another system"])
def test_a_bad_extract_loads_nothing_and_names_every_problem(system, member, signed_in, trouble):
    files = extract(system)
    if trouble == "bad row":
        files["organisations.csv"] = "ods_code,name,kind\nrq7,New Place Hospital,hospital\n"
    else:
        other = SystemFactory(region=system.region)
        files["areas.csv"] = files["areas.csv"].replace(system.code, other.code)
    before = Organisation.objects.count()
    page = upload(signed_in(member("data_manager")), system, **files)
    assert page.status_code == 200 and not page.redirect_chain
    problems = [str(p) for p in page.context["problems"]]
    assert problems and "Nothing was loaded" in page.content.decode()
    if trouble == "bad row":
        assert any(p.startswith("organisations.csv, row 2, kind: 'hospital'") for p in problems)
    else:
        assert any("is outside" in p for p in problems)
    assert Organisation.objects.count() == before
    assert not AuditEvent.objects.filter(action="feeds.extract_loaded").exists()


def test_an_upload_with_no_files_is_refused(system, member, signed_in):
    page = signed_in(member("data_manager")).post(reverse("feeds:load", args=[system.code]), {})
    assert page.status_code == 200 and page.context["form"].errors


def test_one_file_or_several_load_through_the_page_and_a_wrong_type_is_named(
    system, member, signed_in
):
    """The loader's field takes the files a browser sends under one name: one, or several."""
    client = signed_in(member("data_manager"))
    url = reverse("feeds:load", args=[system.code])
    one = SimpleUploadedFile("areas.csv", extract(system)["areas.csv"].encode(), "text/csv")
    page = client.post(url, {"files": one})  # received and read: the extract lacks a file
    assert [p.file for p in page.context["problems"]] == ["organisations.csv"]
    assert "No file was submitted" not in page.content.decode()
    wrong = SimpleUploadedFile("organisations.txt", b"ods_code,name,kind\n", "text/plain")
    refused = client.post(url, {"files": [wrong]})
    assert refused.status_code == 200
    assert "organisations.txt" in " ".join(refused.context["form"].errors["files"])
    assert "No file was submitted" not in refused.content.decode()
