"""S20 Connected Care: records from every partner link into one shared record per person; a
clinician with a legitimate relationship sees it; a person who objected to sharing is honoured;
the person can see who viewed their record.

Told through the pages and the FHIR API over the demo system's people (2% scale, built through
the real feeds, ingest, linkage and the record store's load): the practice's clinician finds a
person and reads their record from several organisations; a hospital clinician with no
relationship is refused, breaks the glass and is reviewed by the Caldicott Guardian; the person
signs in, sees every view, and objects; from then on the hospital sees nothing of others'
records, and break-glass is for emergencies only; the API keeps the same rules."""

import json

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome

from engineroom.audit.models import AuditEvent
from engineroom.record.fhir.tokens import issue_token
from engineroom.record.models import BreakGlass, PersonRecord
from engineroom.system.models import Organisation, OrganisationKind
from factories.accounts import UserFactory

MAIN = "vale-downs"


@pytest.fixture
def shared(phm_site, main_system, user_for):
    """The demo clinician's practice, one of its people whose record has entries from at least
    three organisations, and a hospital that has no relationship with them."""
    gp = user_for("clinician")
    practice = gp.memberships.get().organisation
    people = PersonRecord.objects.filter(
        load__status="current", registered_practice=practice.ods_code
    )
    for person in people.order_by("nhs_number"):
        sources = {e["source"] for e in person.document["entries"]}
        if len(sources) >= 3 and not any(e["sensitive"] for e in person.document["entries"]):
            break
    else:
        pytest.fail("no person with records from three organisations")
    hospitals = Organisation.objects.filter(
        kind=OrganisationKind.ACUTE, footprints__system=main_system
    ).exclude(ods_code__in=sources)
    return gp, person, hospitals.distinct().order_by("ods_code").first()


def _hospital_staff(main_system, hospital, role="clinician"):
    return UserFactory.with_role(role, system=main_system, organisation=hospital)


def test_s20_connected_care_through_pages_and_api(client, main_system, shared):
    gp, person, hospital = shared
    nhs = person.nhs_number
    record = reverse("record:record", args=[MAIN, nhs])

    # The practice's clinician finds the person by NHS number and reads the whole record.
    client.force_login(gp)
    found = client.get(reverse("record:find", args=[MAIN]), {"nhs_number": nhs})
    assert person.family_name.lower() in found.content.decode().lower()
    page = client.get(record)
    text = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "registered with your practice" in text
    names = Organisation.objects.filter(
        ods_code__in={e["source"] for e in person.document["entries"]}
    ).values_list("name", flat=True)
    assert sum(name in text for name in names) >= 3  # one timeline across organisations

    # A hospital clinician with no relationship is refused, then breaks the glass.
    doctor = _hospital_staff(main_system, hospital)
    client.force_login(doctor)
    refused = client.get(record)
    assert refused.status_code == 403 and "break-glass" in refused.content.decode().lower()
    glass = reverse("record:break-glass", args=[MAIN, nhs])
    done = client.post(
        glass, {"reason": "unplanned", "explanation": "Brought in by ambulance, confused"}
    )
    assert done.status_code == 302
    assert client.get(record).status_code == 200
    assert AuditEvent.objects.filter(
        action="record.viewed", reason__startswith="break-glass"
    ).exists()

    # The hospital's Caldicott Guardian reviews it.
    guardian = _hospital_staff(main_system, hospital, "caldicott")
    client.force_login(guardian)
    review = client.get(reverse("record:review", args=[MAIN]))
    assert f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" in review.content.decode()  # NHS style
    made = BreakGlass.objects.get(nhs_number=nhs, user=doctor)
    client.post(
        reverse("record:review", args=[MAIN]),
        {"break_glass": made.pk, "outcome": "appropriate", "note": "ED attendance confirmed"},
    )
    made.refresh_from_db()
    assert made.reviewed_by == guardian

    # The person signs in, sees who looked (the break-glass flagged), and objects to sharing.
    client.logout()
    signed = client.post(reverse("record:demo-sign-in"), {"nhs_number": nhs})
    assert signed.status_code == 302
    mine = client.get(reverse("record:my-record")).content.decode()
    assert str(gp) in mine and str(doctor) in mine and "reak-glass" in mine
    client.post(reverse("record:my-objection"), {"choice": "register", "confirm": "on"})

    # From now on the hospital sees nothing without an emergency; the practice sees its own.
    BreakGlass.objects.filter(pk=made.pk).update(expires_at=made.started_at)  # expired
    client.force_login(doctor)
    again = client.get(record)
    assert again.status_code == 403 and "emergenc" in again.content.decode().lower()
    client.force_login(gp)
    own = client.get(record).content.decode()
    assert "objected to sharing" in own

    # The API keeps the same rules.
    _api_keeps_the_rules(client, gp, doctor, nhs)


def _api(client, path, token):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def _api_keeps_the_rules(client, gp, doctor, nhs):
    client.logout()
    gp_token = issue_token(gp, "user/*.read")
    everything = _api(client, f"/fhir/Patient/{nhs}/$everything", gp_token)
    assert everything.status_code == 200
    body = json.loads(everything.content)
    assert Bundle.model_validate(body).type == "searchset"
    types = {e["resource"]["resourceType"] for e in body["entry"]}
    assert "Patient" in types and len(types) >= 3  # the person and their record, as FHIR
    consent = json.loads(_api(client, f"/fhir/Consent?patient={nhs}", gp_token).content)
    assert consent["entry"][0]["resource"]["provision"]["type"] == "deny"
    refused = _api(client, f"/fhir/Patient/{nhs}", issue_token(doctor, "user/*.read"))
    assert refused.status_code == 403
    OperationOutcome.model_validate(json.loads(refused.content))
    person_token = issue_token(client_person(nhs), "patient/*.read")
    audits = json.loads(_api(client, f"/fhir/AuditEvent?patient={nhs}", person_token).content)
    assert audits["total"] >= 3  # the practice's views, the refusal and the break-glass


def client_person(nhs):
    from engineroom.record.models import PatientAccount

    return PatientAccount.objects.get(nhs_number=nhs).user
