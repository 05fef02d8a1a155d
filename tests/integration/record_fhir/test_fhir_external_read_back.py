"""Real FHIR written by others (issue 15, item 6), ingested through the feeds, linked, loaded into
the record store and read back through the API by a clinician at the people's practice.

UK Core's Richard Smith links by his NHS number. Synthea and the SMART bulk export are US data
with no NHS numbers: their rows wait in the unlinked queue until the data manager matches each
to the person the practice registered (through the unlinked queue's pages), and the next
linkage run links them. A file that is not FHIR is quarantined and never reaches anybody's
record. Every API response is validated with fhir.resources' R4B models (``fhir``).
"""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.feeds.models import LinkDecision, State
from engineroom.population import manual_links
from engineroom.population.ingest import ingest_path
from engineroom.population.pipeline import run_linkage
from engineroom.record import store
from engineroom.record.fhir.resources import NHS_NUMBER, ODS, UK_CORE
from engineroom.record.models import PersonRecord

from . import external_files as ext
from .conftest import fhir, staff

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.skipif(not ext.EXTERNAL.exists(), reason="external FHIR samples not present"),
]
KEY = "external-fhir-read-back-key"
SYSTOLIC, DIASTOLIC, BP_PANEL = "72313002", "1091811000000102", "75367002"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """The lake after the ingest and one linkage run: ``(var, reports by sender)``."""
    root = tmp_path_factory.mktemp("external-read-back")
    var = root / "var"
    reports = ingest_path(ext.stage(root / "feeds"), var)
    run_linkage(var=var, key=KEY)
    by_sender: dict[str, list[dict]] = {}
    for report in reports:
        by_sender.setdefault(report["source"], []).append(report)
    return var, by_sender


@pytest.fixture
def lake(ingested, tmp_path, settings):
    """A private copy of the lake as ``VAR_DIR``, for a test that changes it (manual links)."""
    var = tmp_path / "var"
    shutil.copytree(ingested[0] / "lake", var / "lake")
    settings.VAR_DIR = var
    return var


def read(api, gp, path: str) -> dict:
    return fhir(api(path, user=gp))


def resources(bundle: dict, resource_type: str) -> list[dict]:
    found = [e["resource"] for e in bundle.get("entry", []) if e["search"]["mode"] == "match"]
    assert {r["resourceType"] for r in found} <= {resource_type}
    return found


def code(resource: dict) -> str:
    return resource["code"]["coding"][0]["code"]


def test_richard_smith_reads_back_as_uk_core_with_his_blood_pressures(ingested, system, api):
    var, reports = ingested
    assert all(r["quarantined"] == 0 for r in reports[ext.UKCORE_SENDER])
    loaded = store.load(var)
    assert (loaded.people, loaded.report["entries_by_table"]) == (3, {"gp_event": 15})
    gp = staff(system, ext.PRACTICE)

    patient = read(api, gp, f"/fhir/Patient/{ext.RICHARD}")
    assert patient["meta"]["profile"] == [UK_CORE + "Patient"]
    assert [(i["system"], i["value"]) for i in patient["identifier"]] == [(NHS_NUMBER, ext.RICHARD)]
    assert patient["name"][0]["family"] == "Smith" and patient["name"][0]["given"] == ["Richard"]
    assert (patient["birthDate"], patient["gender"]) == ("1970-09-11", "male")
    assert patient["generalPractitioner"][0]["identifier"] == {"system": ODS, "value": ext.PRACTICE}

    observed = check_blood_pressures(api, gp)

    everything = read(api, gp, f"/fhir/Patient/{ext.RICHARD}/$everything")
    kinds = [e["resource"]["resourceType"] for e in everything["entry"]]
    assert everything["total"] == 16 and sorted(kinds) == ["Observation"] * 15 + ["Patient"]
    ids = {e["resource"]["id"] for e in everything["entry"]}
    assert observed < ids and ext.RICHARD in ids


def check_blood_pressures(api, gp) -> set[str]:
    """The Bundle's five BP panels (2024-03-25, UKCore-Bundle-BatchPOST-Example.xml), each panel
    and its systolic and diastolic components an Observation; returns their ids."""
    bundle = read(api, gp, f"/fhir/Observation?patient={ext.RICHARD}")
    found = resources(bundle, "Observation")
    assert bundle["total"] == len(found) == 15  # 5 panels, each a systolic and a diastolic
    by_code: dict[str, list] = {}
    for obs in found:
        assert obs["meta"]["profile"] == [UK_CORE + "Observation"]
        assert obs["meta"]["source"].endswith(ext.UKCORE_SENDER)
        assert obs["effectiveDateTime"] == "2024-03-25"
        assert obs["subject"] == {"reference": f"Patient/{ext.RICHARD}"}
        value = obs.get("valueQuantity")
        by_code.setdefault(code(obs), []).append(value and (value["value"], value["unit"]))
    assert sorted(by_code[SYSTOLIC]) == [(v, "mm[Hg]") for v in (118, 120, 121, 122, 125)]
    assert sorted(by_code[DIASTOLIC]) == [(v, "mm[Hg]") for v in (90, 92, 94, 95, 95)]
    assert by_code[BP_PANEL] == [None] * 5  # the panel itself carries no value
    return {o["id"] for o in found}


def test_before_the_data_manager_works_the_queue_the_us_people_have_empty_records(
    ingested, system, api
):
    """Registered, so in the store, but none of their rows: those wait in the unlinked queue."""
    var, _ = ingested
    store.load(var)
    gp = staff(system, ext.PRACTICE)
    for nhs in (ext.BUSTER, ext.AUGUSTUS):
        assert read(api, gp, f"/fhir/Patient/{nhs}")["id"] == nhs
        assert read(api, gp, f"/fhir/Patient/{nhs}/$everything")["total"] == 1  # the Patient
    queue = manual_links.unlinked_rows(var, [ext.SYNTHEA_SENDER, ext.BULK_SENDER])
    assert queue.num_rows == 13  # Buster's 4, Augustus's 7, and 2 of Elisa Johnson's
    assert set(queue["reason"].to_pylist()) == {"no usable NHS number and no demographic match"}


def match_by_hand(client, system, row: dict, family: str) -> str:
    """What the data manager does on one unlinked record's page: search the practice's people
    by the record's date of birth and the family name, and match the one found."""
    url = reverse("feeds:unlinked-record", args=[system.code, row["source"], row["record_id"]])
    search = {"search": "1", "birth_date": row["birth_date"], "family_name": family}
    people = client.post(url, search).context["people"]
    assert len(people) == 1, (row, people)
    done = client.post(url, {"nhs_number": people[0]["nhs_number"]}, follow=True)
    assert "next linkage run" in done.content.decode()
    return people[0]["nhs_number"]


def work_the_queue(client, system) -> dict[str, str]:
    """Every queued record of the Synthea and bulk senders born on Buster's or Augustus's
    birthday matched by hand; returns record id -> the NHS number it was matched to."""
    families = {
        ext.REGISTRATIONS[n][2]: ext.REGISTRATIONS[n][1] for n in (ext.BUSTER, ext.AUGUSTUS)
    }
    matched = {}
    for sender in (ext.SYNTHEA_SENDER, ext.BULK_SENDER):
        page = client.get(reverse("feeds:unlinked", args=[system.code]), {"source": sender})
        for row in page.context["rows"]:
            if row["birth_date"] in families:
                matched[row["record_id"]] = match_by_hand(
                    client, system, row, families[row["birth_date"]]
                )
    return matched


def test_synthea_and_bulk_rows_matched_by_the_data_manager_read_back(
    lake, system, member, signed_in, client, api
):
    manager = member("data_manager")
    matched = work_the_queue(signed_in(manager), system)
    client.logout()
    conditions_and_procedures, allergies = ext.synthea_coded(), ext.bulk_allergies(ext.AUGUSTUS_ID)
    snomed_allergies = {k: v for k, v in allergies.items() if v[0]}
    assert matched == {k: ext.BUSTER for k in conditions_and_procedures} | {
        k: ext.AUGUSTUS for k in snomed_allergies
    }
    decisions = LinkDecision.objects.filter(by=manager)
    assert decisions.count() == len(matched) == 11 and {d.state for d in decisions} == {State.DONE}
    assert AuditEvent.objects.filter(action="feeds.record_matched", actor=manager).count() == 11

    report = run_linkage(var=lake, key=KEY)
    assert report["tables"]["gp_event"]["by_rule"] == {
        "nhs_number": 15,
        manual_links.MATCHED: 11,
        "unlinked": 2,
    }
    loaded = store.load(lake)
    assert loaded.report["entries_by_table"] == {"gp_event": 26}
    gp = staff(system, ext.PRACTICE)
    check_buster(api, gp, conditions_and_procedures)
    check_augustus(api, gp, snomed_allergies)
    left = manual_links.unlinked_rows(lake, [ext.SYNTHEA_SENDER, ext.BULK_SENDER])
    assert {str(d) for d in left["birth_date"].to_pylist()} == {"1927-05-21"}  # Elisa Johnson


def check_buster(api, gp, source: dict[str, tuple[str, str]]) -> None:
    """His three Conditions as Conditions; the Procedure (a coded finding without a value, in
    no diagnosis list) as an Observation; codes and days as in the Bundle."""
    want = {
        ext.resource_id(ext.BUSTER, ext.SYNTHEA_SENDER, key): (key.split(":")[0], *value)
        for key, value in source.items()
    }
    conditions = resources(read(api, gp, f"/fhir/Condition?patient={ext.BUSTER}"), "Condition")
    got = {c["id"]: ("Condition", code(c), c["onsetDateTime"]) for c in conditions}
    observations = read(api, gp, f"/fhir/Observation?patient={ext.BUSTER}")
    for obs in resources(observations, "Observation"):
        got[obs["id"]] = ("Procedure", code(obs), obs["effectiveDateTime"])
    assert got == want
    assert {c["code"]["coding"][0]["system"] for c in conditions} == {ext.SNOMED}
    assert {c["meta"]["source"] for c in conditions} == {
        f"https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/{ext.SYNTHEA_SENDER}"
    }
    everything = read(api, gp, f"/fhir/Patient/{ext.BUSTER}/$everything")
    assert everything["total"] == 1 + len(source)


def check_augustus(api, gp, source: dict[str, tuple[str | None, str]]) -> None:
    """His seven SNOMED CT coded allergies, codes and days recorded as in the export (his
    aspirin allergy, coded only in RxNorm, stays in the raw FHIR table: no entry)."""
    bundle = read(api, gp, f"/fhir/AllergyIntolerance?patient={ext.AUGUSTUS}")
    found = resources(bundle, "AllergyIntolerance")
    got = {a["id"]: (code(a), a["recordedDate"]) for a in found}
    want = {ext.resource_id(ext.AUGUSTUS, ext.BULK_SENDER, k): v for k, v in source.items()}
    assert bundle["total"] == 7 and got == want
    assert all(a["patient"] == {"reference": f"Patient/{ext.AUGUSTUS}"} for a in found)
    assert all(a["meta"]["profile"] == [UK_CORE + "AllergyIntolerance"] for a in found)


def test_a_file_that_is_not_fhir_is_quarantined_and_never_in_the_store(ingested, system, api):
    var, reports = ingested
    (report,) = reports[ext.NEGATIVE_SENDER]
    assert (report["rows_in"], report["accepted"], report["quarantined"]) == (1, 0, 1)
    assert "resourceType missing" in report["reasons"]
    assert manual_links.unlinked_rows(var, [ext.NEGATIVE_SENDER]).num_rows == 0  # nothing to link
    loaded = store.load(var)
    records = PersonRecord.objects.filter(load=loaded)
    assert not records.filter(family_key="chalmers").exists()  # Peter Chalmers, its patient
    sources = {
        e["source"] for doc in records.values_list("document", flat=True) for e in doc["entries"]
    }
    assert sources == {ext.UKCORE_SENDER}
    gp = staff(system, ext.PRACTICE)
    found = read(api, gp, "/fhir/Patient?family=Chalmers&birthdate=1974-12-25")
    assert found["total"] == 0 and "entry" not in found
