"""Every resource the API serves, read and searched with a real token, validated by
fhir.resources' R4B models, each read audited exactly as the record page's is (channel fhir)."""

import pytest

from engineroom.audit.models import AuditEvent
from engineroom.record import actions
from engineroom.record.fhir.resources import TYPES, UK_CORE
from engineroom.record.models import ObjectionVia

from .conftest import NHS, OTHER, entries, fhir

pytestmark = pytest.mark.django_db
SEEN_BY_GP = {  # entries of each type the practice may see (the sexual health clinic's is withheld)
    "Encounter": 3,
    "Condition": 2,
    "Observation": 1,
    "MedicationStatement": 1,
    "AllergyIntolerance": 1,
    "Immunization": 1,
    "Flag": 1,
}


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_metadata_is_public_and_names_every_resource_and_smart(client):
    body = fhir(client.get("/fhir/metadata"))
    assert body["fhirVersion"] == "4.0.1"
    rest = body["rest"][0]
    types = {r["type"]: r for r in rest["resource"]}
    assert set(types) == {"Patient", "Consent", "AuditEvent", *TYPES}
    assert types["Condition"]["profile"] == UK_CORE + "Condition"
    assert rest["security"]["service"][0]["coding"][0]["code"] == "SMART-on-FHIR"
    assert {p["name"] for p in types["Patient"]["searchParam"]} >= {"identifier", "birthdate"}


def test_openapi_document_lists_every_path(client):
    doc = client.get("/fhir/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert {"/fhir/Patient/{id}/$everything", "/fhir/Consent", "/fhir/Flag/{id}"} <= set(
        doc["paths"]
    )


def test_patient_read_is_uk_core_and_audited_as_a_record_view(api, gp):
    body = fhir(api(f"/fhir/Patient/{NHS}", user=gp))
    assert body["id"] == NHS and body["meta"]["profile"] == [UK_CORE + "Patient"]
    assert body["identifier"][0]["system"] == "https://fhir.nhs.uk/Id/nhs-number"
    viewed = events("record.viewed")[-1]
    assert viewed.details["channel"] == "fhir" and viewed.details["nhs_numbers"] == [NHS]
    assert viewed.details["basis"] == "registered" and viewed.reason.startswith("direct care:")


@pytest.mark.parametrize(
    "query",
    [
        "identifier=https://fhir.nhs.uk/Id/nhs-number|" + NHS,
        f"identifier={NHS}",
        "family=JONES&birthdate=1940-05-02",
        "family=jones&birthdate=1940-05-02&given=ann&gender=female",
    ],
)
def test_patient_search_finds_the_person_and_is_audited(api, gp, query):
    body = fhir(api(f"/fhir/Patient?{query}", user=gp))
    assert body["type"] == "searchset" and body["total"] == 1
    assert body["entry"][0]["resource"]["id"] == NHS
    assert body["entry"][0]["search"]["mode"] == "match"
    assert events("record.searched")[-1].details["nhs_numbers"] == [NHS]


def test_patient_search_with_another_identifier_system_finds_nobody(api, gp):
    body = fhir(api("/fhir/Patient?identifier=urn:other|123", user=gp))
    assert body["total"] == 0 and "entry" not in body


@pytest.mark.parametrize("resource_type", sorted(TYPES))
def test_each_type_searched_by_patient_shows_what_the_rules_allow(api, gp, resource_type):
    body = fhir(api(f"/fhir/{resource_type}?patient={NHS}", user=gp))
    matches = [e for e in body["entry"] if e["search"]["mode"] == "match"]
    assert body["total"] == len(matches) == SEEN_BY_GP[resource_type]
    assert {e["resource"]["resourceType"] for e in matches} == {resource_type}
    withheld = [e for e in body["entry"] if e["search"]["mode"] == "outcome"]
    assert "sensitive:sexual_health" in withheld[0]["resource"]["issue"][0]["diagnostics"]
    assert events("record.viewed")[-1].details["channel"] == "fhir"


@pytest.mark.parametrize("resource_type", sorted(TYPES))
def test_each_type_is_read_by_id(api, gp, resource_type):
    kind = TYPES[resource_type]
    first = next(e for e in entries() if e["kind"] == kind and not e["sensitive"])
    body = fhir(api(f"/fhir/{resource_type}/{NHS}-{first['id']}", user=gp))
    assert body["id"] == f"{NHS}-{first['id']}" and body["resourceType"] == resource_type
    assert body["meta"]["source"].endswith(first["source"])


def test_subject_and_patient_reference_forms_and_include(api, gp):
    for query in (f"subject={NHS}", f"patient=Patient/{NHS}"):
        assert fhir(api(f"/fhir/Condition?{query}", user=gp))["total"] == 2
    body = fhir(api(f"/fhir/Condition?patient={NHS}&_include=Condition:patient", user=gp))
    included = [e["resource"] for e in body["entry"] if e["search"]["mode"] == "include"]
    assert [r["id"] for r in included] == [NHS] and body["total"] == 2


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ("date=ge2024-06-01", 2),  # the A&E attendance and the admission
        ("date=lt2024", 1),  # the community contact (the clinic's is withheld)
        ("date=2025-03", 2),
        ("date=ge2022&date=le2023-12-31", 1),
        ("date=gt2025-03-20", 0),
        ("date=eq2022-01-05", 1),
    ],
)
def test_date_prefixes(api, gp, dates, expected):
    body = fhir(api(f"/fhir/Encounter?patient={NHS}&{dates}", user=gp))
    assert body["total"] == expected


def test_everything_pages_through_the_whole_visible_record(api, gp):
    body = fhir(api(f"/fhir/Patient/{NHS}/$everything?_count=4", user=gp))
    seen, pages = [], 0
    while True:
        pages += 1
        seen += [e["resource"]["id"] for e in body.get("entry", []) if "fullUrl" in e]
        links = {link["relation"]: link["url"] for link in body["link"]}
        if "next" not in links:
            break
        body = fhir(api(links["next"], user=gp))
        assert "previous" in {link["relation"] for link in body["link"]}
    assert pages == 3 and seen[0] == NHS and len(seen) == len(set(seen)) == 11  # 1 + 10 shown
    assert body["total"] == 11


def test_consent_shows_an_objection_as_deny(api, gp, patient):
    actions.register_objection(NHS, by=patient, via=ObjectionVia.PERSON)
    body = fhir(api(f"/fhir/Consent?patient={NHS}", user=gp))
    consent = body["entry"][0]["resource"]
    assert consent["status"] == "active" and consent["provision"]["type"] == "deny"
    assert consent["scope"]["coding"][0]["code"] == "patient-privacy"
    assert consent["meta"]["profile"] == [UK_CORE + "Consent"]


def test_patient_token_reads_own_record_and_own_audit_events(api, gp, patient):
    api(f"/fhir/Patient/{NHS}", user=gp)  # the practice looks
    body = fhir(api(f"/fhir/Patient/{NHS}/$everything", user=patient, scope="patient/*.read"))
    assert body["total"] == 12  # everything, the sensitive entry too: it is their own record
    audit = fhir(api(f"/fhir/AuditEvent?patient={NHS}", user=patient, scope="patient/*.read"))
    assert audit["total"] >= 2
    resources = [e["resource"] for e in audit["entry"]]
    assert {r["meta"]["profile"][0] for r in resources} == {UK_CORE + "AuditEvent"}
    assert any(r["agent"][0]["who"]["display"] == str(gp) for r in resources)
    found = fhir(api("/fhir/Patient?family=jones", user=patient, scope="patient/*.read"))
    assert [e["resource"]["id"] for e in found["entry"]] == [NHS]
    assert fhir(api(f"/fhir/Condition?patient={OTHER}", user=patient, scope="patient/*.read"), 403)
