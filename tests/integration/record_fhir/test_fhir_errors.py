"""Every error is an OperationOutcome with the right status, and every refusal is refused as
hard as the grants are granted: no token, a bad or expired token, the wrong scope, no
relationship, a patient token on someone else, bad parameters, unknown resources."""

import datetime as dt

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken

from engineroom.audit.models import AuditEvent
from engineroom.record import actions
from engineroom.record.fhir.tokens import issue_token
from engineroom.record.models import BreakGlassReason, ObjectionVia

from .conftest import NHS, OTHER, fhir, outcome, staff

pytestmark = pytest.mark.django_db


def test_no_token_is_401_with_a_bearer_challenge(client, person):
    response = client.get(f"/fhir/Patient/{NHS}")
    assert "bearer token is needed" in outcome(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_and_expired_tokens_are_401(api, gp):
    assert "not known" in outcome(api(f"/fhir/Patient/{NHS}", token="nonsense"), 401)
    token = issue_token(gp, "user/*.read")
    AccessToken.objects.update(expires=timezone.now() - dt.timedelta(seconds=1))
    response = api(f"/fhir/Patient/{NHS}", token=token)
    assert "expired" in outcome(response, 401)
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_tokens_are_stored_hashed(gp):
    raw = issue_token(gp, "user/*.read")
    stored = AccessToken.objects.get()
    assert stored.token == "" and raw not in stored.token_checksum


def test_unknown_scope_cannot_be_issued(gp):
    with pytest.raises(ValueError, match="Unknown scope"):
        issue_token(gp, "system/*.write")


def test_a_scope_for_another_type_is_403(api, gp):
    response = api(f"/fhir/Condition?patient={NHS}", user=gp, scope="user/Patient.read")
    assert "do not allow reading Condition" in outcome(response, 403)
    assert fhir(api(f"/fhir/Patient/{NHS}", user=gp, scope="user/Patient.read"))["id"] == NHS


def test_patient_scope_without_a_patient_account_is_403(api, gp):
    assert "scopes do not allow" in outcome(
        api(f"/fhir/Patient/{NHS}", user=gp, scope="patient/*.read"), 403
    )


def test_patient_token_on_another_person_is_403_and_audited(api, patient):
    response = api(f"/fhir/Patient/{OTHER}", user=patient, scope="patient/*.read")
    assert "only its holder's own record" in outcome(response, 403)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "record.viewed_refused" and event.details["nhs_numbers"] == [OTHER]
    assert "only its holder" in outcome(
        api(f"/fhir/AuditEvent?patient={OTHER}", user=patient, scope="patient/*.read"), 403
    )


def test_audit_events_need_a_patient_token(api, gp):
    assert "only to the person" in outcome(api(f"/fhir/AuditEvent?patient={NHS}", user=gp), 403)


def test_no_relationship_is_403_with_the_rules_words_and_no_break_glass(api, stranger):
    response = api(f"/fhir/Patient/{NHS}/$everything", user=stranger)
    words = outcome(response, 403)
    assert "no legitimate relationship" in words and "cannot break the glass" in words
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "record.viewed_refused" and event.details["channel"] == "fhir"


def test_a_staff_role_without_record_view_is_403(api, system, person):
    assert "record.view" in outcome(
        api(f"/fhir/Patient/{NHS}", user=staff(system, "RT1", "finance")), 403
    )


def test_objection_withholds_other_organisations_entries(api, system, patient):
    actions.register_objection(NHS, by=patient, via=ObjectionVia.PERSON)
    acute = staff(system, "RT2")  # open episode: sees only its own entries now
    body = fhir(api(f"/fhir/Patient/{NHS}/$everything", user=acute))
    sources = {e["resource"]["meta"].get("source", "")[-3:] for e in body["entry"][1:-1]}
    assert sources == {"RT2"}
    assert "objection" in body["entry"][-1]["resource"]["issue"][0]["diagnostics"]


def test_a_live_break_glass_made_on_the_web_is_honoured(api, system, stranger):
    org = stranger.memberships.get().organisation
    actions.break_glass(
        NHS,
        by=stranger,
        system=system,
        organisation=org,
        reason=BreakGlassReason.UNPLANNED,
        explanation="Seen in clinic, no referral yet",
    )
    assert fhir(api(f"/fhir/Patient/{NHS}", user=stranger))["id"] == NHS
    event = AuditEvent.objects.filter(action="record.viewed").order_by("-seq").first()
    assert event.details["basis"] == "break_glass" and event.reason.startswith("break-glass:")


@pytest.mark.parametrize(
    "path",
    [
        f"/fhir/Patient/{NHS[:-1]}8",  # fails the check digit
        "/fhir/Patient/not-a-number",
        f"/fhir/Condition/{NHS}-0000000000000000",
        "/fhir/Condition/nohyphen",
        "/fhir/Practitioner/1",
        "/fhir/Encounter/%0A0",  # a newline in the id: still FHIR's 404, not the site's page
        "/fhir/",
    ],
)
def test_unknown_resources_are_404(api, gp, path):
    assert outcome(api(path, user=gp), 404)


def test_a_valid_number_with_no_record_is_404(api, gp):
    assert "No Patient/9434765900" in outcome(api("/fhir/Patient/9434765900", user=gp), 404)


def test_a_withheld_entry_is_not_found(api, gp):
    from .conftest import entries

    sensitive = next(e for e in entries() if e["sensitive"])
    assert outcome(api(f"/fhir/Encounter/{NHS}-{sensitive['id']}", user=gp), 404)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("/fhir/Condition", "Give the patient"),
        (f"/fhir/Condition?patient={NHS}&patient=9434765927", "at most once"),
        ("/fhir/Condition?patient=123", "not a valid NHS number"),
        (f"/fhir/Condition?patient=Practitioner/{NHS}", "must reference a Patient"),
        (f"/fhir/Condition?patient={NHS}&_count=-1", "_count"),
        (f"/fhir/Condition?patient={NHS}&_offset=x", "_offset"),
        (f"/fhir/Condition?patient={NHS}&date=sa2024", "prefix"),
        ("/fhir/Patient?family:exact=x", "modifier"),
        ("/fhir/Patient?given=ann", "family name with date of birth"),
        ("/fhir/Patient?gender=robot", "gender"),
        ("/fhir/Patient?identifier=12", "not a valid NHS number"),
    ],
)
def test_bad_parameters_are_400(api, gp, query, words):
    assert words in outcome(api(query, user=gp), 400)


def test_unknown_parameters_are_ignored_unless_strict(api, gp):
    path = f"/fhir/Condition?patient={NHS}&colour=blue"
    body = fhir(api(path, user=gp))
    assert "colour" not in body["link"][0]["url"]
    assert "colour" in outcome(api(path, user=gp, HTTP_PREFER="handling=strict"), 400)
    strict_include = f"/fhir/Condition?patient={NHS}&_include=Condition:encounter"
    assert "_include" in outcome(api(strict_include, user=gp, HTTP_PREFER="handling=strict"), 400)


@pytest.mark.parametrize(
    "query",
    [
        f"/fhir/Condition?patient={NHS}&date=2024-13-01",
        f"/fhir/Condition?patient={NHS}&date=yesterday",
        "/fhir/Patient?family=jones&birthdate=ge1940-01-01",
        "/fhir/Patient?family=jones&birthdate=1940-02-30",
    ],
)
def test_dates_that_are_no_dates_are_422(api, gp, query):
    assert outcome(api(query, user=gp), 422)


def test_a_bad_request_audits_nothing(api, gp):
    before = AuditEvent.objects.filter(action__startswith="record.view").count()
    api(f"/fhir/Condition?patient={NHS}&date=2024-13-01", user=gp)
    assert AuditEvent.objects.filter(action__startswith="record.view").count() == before


def test_only_json_is_served_and_only_reads_are_allowed(api, gp, client):
    assert "JSON" in outcome(api(f"/fhir/Patient/{NHS}?_format=xml", user=gp), 406)
    assert fhir(api(f"/fhir/Patient/{NHS}?_format=json", user=gp))["id"] == NHS
    assert "read only" in outcome(client.post("/fhir/Patient", {}), 405)


@pytest.mark.parametrize("query", ["_count=²", "_count=" + "9" * 5000, "_offset=٣"])
def test_numbers_that_are_not_plain_digits_are_400_not_500(api, gp, query):
    assert "whole number" in outcome(api(f"/fhir/Condition?patient={NHS}&{query}", user=gp), 400)


def test_a_patient_token_search_by_gender_matches_their_own_record(api, patient):
    search = f"/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{NHS}&gender="
    mine = fhir(api(search + "female", user=patient, scope="patient/*.read"))
    other = fhir(api(search + "male", user=patient, scope="patient/*.read"))
    assert (mine["total"], other["total"]) == (1, 0)
