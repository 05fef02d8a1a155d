"""The audit log as FHIR R4 AuditEvent resources in the IHE BALP shape, checked by
``fhir.resources`` (its R4B classes parse R4; it checks structure and formats, not code
bindings, so the codes we rely on are asserted here)."""

from __future__ import annotations

import io
import json

import pytest
from fhir.resources.R4B.auditevent import AuditEvent as FhirAuditEvent

from engineroom.audit import fhir
from engineroom.audit.models import AuditEvent
from factories.audit import AuditEventFactory

NHS = ["9434765919", "9434765870"]


def exported(**kwargs) -> dict:
    """One event, exported and parsed back (validated by fhir.resources on the way)."""
    event = AuditEventFactory(**kwargs)
    found = fhir.resource(AuditEvent.objects.get(pk=event.pk))
    FhirAuditEvent.model_validate(found)
    return found


def codes(concepts) -> set[str]:
    return {c["code"] for concept in concepts for c in concept["coding"]}


def test_a_worklist_view_is_a_patient_query_for_direct_care(member):
    clinician = member("clinician")
    found = exported(
        event="worklist.view",
        by=clinician,
        reason="direct care: registered practice or PCN team",
        nhs_numbers=NHS,
        practices=["P81001"],
    )
    assert found["type"]["code"] == "rest" and found["subtype"][0]["code"] == "search-type"
    assert found["action"] == "E" and found["outcome"] == "0"
    assert codes(found["purposeOfEvent"]) == {"TREAT"}
    agent = found["agent"][0]
    assert agent["requestor"] is True and agent["who"]["identifier"]["value"] == str(clinician)
    assert codes(agent["purposeOfUse"]) == {"TREAT"}
    patients = [e for e in found["entity"] if e["role"]["code"] == "1"]
    assert [p["what"]["identifier"] for p in patients] == [
        {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": n} for n in NHS
    ]
    subject = found["entity"][0]
    assert subject["what"]["identifier"]["value"].startswith("test.thing:")
    assert {"type": "practices", "valueString": '["P81001"]'} in subject["detail"]


def test_one_person_viewed_is_a_read_and_break_glass_is_emergency_treatment(db):
    found = exported(
        event="record.viewed", reason="break-glass: unconscious in ED", nhs_numbers=NHS[:1]
    )
    assert found["subtype"][0]["code"] == "read" and found["action"] == "R"
    assert codes(found["purposeOfEvent"]) == {"ETREAT"}
    assert found["agent"][0]["type"]["coding"][0]["code"] == "dataprocessor"  # by the system


@pytest.mark.parametrize(
    ("event", "kind", "subtype", "action", "purpose"),
    [
        ("governance.meeting_created", "rest", "create", "C", "HOPERAT"),
        ("finance.plan_updated", "rest", "update", "U", "HOPERAT"),
        ("finance.return_discarded", "rest", "delete", "D", "HOPERAT"),
        ("worklist.export.csv", "110106", None, "R", "TREAT"),
        ("feeds.quarantine_viewed", "rest", "search-type", "E", "HOPERAT"),
    ],
)
def test_types_and_actions_follow_what_happened(db, event, kind, subtype, action, purpose):
    found = exported(event=event)
    assert found["type"]["code"] == kind and found["action"] == action
    assert (found["subtype"][0]["code"] if subtype else None) == subtype
    assert codes(found["purposeOfEvent"]) == {purpose}


def test_a_refusal_is_a_minor_failure_with_its_reason(db):
    found = exported(
        event="population_health.worklist_refused",
        reason="You have no direct care relationship with practice P81002.",
    )
    assert found["outcome"] == "4" and "P81002" in found["outcomeDesc"]


def test_a_failed_verification_is_a_security_alert(db):
    found = exported(event="audit.verified", reason="sequence gap after 4 (deleted)", ok=False)
    assert found["type"]["code"] == "110113" and found["outcome"] == "8"
    assert exported(event="audit.verified", ok=True)["type"]["code"] == "110100"


def test_each_resource_carries_its_place_in_the_chain(db):
    event = AuditEventFactory()
    found = fhir.resource(event)
    chain = {e["url"]: e["valueString"] for e in found["extension"][0]["extension"]}
    assert found["id"] == str(event.seq) and chain["seq"] == str(event.seq)
    assert (chain["hash"], chain["previousHash"]) == (event.hash, event.previous_hash)


def test_the_export_is_ndjson_of_valid_resources(db):
    AuditEventFactory.create_batch(3, nhs_numbers=NHS)
    stream = io.StringIO()
    assert fhir.export(stream) == 3
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    for line in lines:
        FhirAuditEvent.model_validate(json.loads(line))
