"""The FHIR API and its OAuth2 endpoints against every role: a ``user/*.read`` token acts as its
user, so only a role holding record.view (with a relationship) reads a record; every other
role is refused with an OperationOutcome. AuditEvents are for the person (patient tokens) only."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
NHS = "9434765919"  # the person of conftest.py
EVERY = frozenset(ROLES)
CLINICAL = {"clinician"}
NOBODY: set[str] = set()  # a patient token's, never a staff role's
MATRIX: dict[str, set[str]] = {
    "fhir:metadata": set(EVERY),  # public: clients read it before they have a token
    "fhir:openapi": set(EVERY),
    "fhir:not-found": set(EVERY),
    "fhir:patient-search": CLINICAL,
    "fhir:patient-read": CLINICAL,
    "fhir:everything": CLINICAL,
    "fhir:search": CLINICAL,
    "fhir:read": CLINICAL,
    "fhir:consent-search": CLINICAL,
    "fhir:auditevent-search": NOBODY,
    # The OAuth2 endpoints: anyone may ask; what a token then reads is checked above.
    "oauth2_provider:authorize": set(EVERY),
    "oauth2_provider:token": set(EVERY),
    "oauth2_provider:revoke-token": set(EVERY),
}
PATHS = {
    "fhir:patient-search": f"/fhir/Patient?identifier={NHS}",
    "fhir:patient-read": f"/fhir/Patient/{NHS}",
    "fhir:everything": f"/fhir/Patient/{NHS}/$everything",
    "fhir:search": f"/fhir/Condition?patient={NHS}",
    "fhir:read": f"/fhir/Condition/{NHS}-{{condition}}",
    "fhir:consent-search": f"/fhir/Consent?patient={NHS}",
    "fhir:auditevent-search": f"/fhir/AuditEvent?patient={NHS}",
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_record_endpoints_against_role(api, check, system, person, role):
    if role == "regulator":
        token_user = UserFactory.with_role(role, region=system.region, system=None)
    else:
        token_user = check.staff(system, "Y99001", role)
    condition = next(e for e in person.document["entries"] if e["kind"] == "condition")
    for name, path in PATHS.items():
        response = api(path.replace("{condition}", condition["id"]), user=token_user)
        if role in MATRIX[name]:
            assert check.fhir(response)["resourceType"] in {"Bundle", "Patient", "Condition"}
        else:
            assert check.outcome(response, 403), name


@pytest.mark.parametrize("name", ["fhir:metadata", "fhir:openapi", "fhir:not-found"])
def test_public_endpoints_need_no_token(client, name):
    path = reverse(name) if name != "fhir:not-found" else "/fhir/Nothing"
    assert client.get(path).status_code in {200, 404}


def test_oauth2_endpoints_are_mounted_and_the_management_pages_are_not(client):
    assert client.post(reverse("oauth2_provider:token"), {}).status_code in {400, 401}
    assert client.get(reverse("oauth2_provider:authorize")).status_code == 302  # sign in first
    assert client.get("/o/applications/").status_code == 404
