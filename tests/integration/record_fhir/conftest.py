"""A small shared record for the FHIR API tests: a person with an entry of every kind (one
sensitive, some from other organisations), a second person, clinicians with and without a
relationship, patient accounts, and tokens made as the CLI makes them."""

from __future__ import annotations

import pytest
from fhir.resources.R4B import get_fhir_model_class

from engineroom.record.fhir.tokens import issue_token
from engineroom.record.models import AccountVia, PatientAccount
from engineroom.system.models import Organisation
from factories.accounts import UserFactory
from factories.record import PersonRecordFactory, RecordLoadFactory, entry
from factories.system import practices_system

NHS = "9434765919"
OTHER = "9434765927"
FHIR_JSON = "application/fhir+json"


def entries() -> list[dict]:
    return [
        entry("encounter", "ae", "2025-03-20", "RT2", "ae1", status="finished", detail="admitted"),
        entry(
            "encounter", "inpatient", "2025-03-20", "RT2", "300", system="tfc", status="in-progress"
        ),
        entry(
            "condition",
            "inpatient",
            "2025-03-20",
            "RT2",
            "I10",
            system="icd10",
            display="Essential hypertension",
        ),
        entry(
            "immunisation", "gp", "2024-10-01", "Y99001", "1324681000000101", display="Flu vaccine"
        ),
        entry(
            "condition",
            "gp",
            "2024-06-01",
            "Y99001",
            "38341003",
            display="Hypertension",
            status="active",
        ),
        entry(
            "observation",
            "gp",
            "2024-06-01",
            "Y99001",
            "271649006",
            display="Systolic BP",
            value=150,
            unit="mm[Hg]",
        ),
        entry(
            "medication",
            "gp",
            "2024-05-10",
            "Y99001",
            "318421004",
            system="dmd",
            display="Amlodipine 5mg tablets",
            quantity=28,
        ),
        entry("allergy", "gp", "2023-03-01", "Y99001", "91936005", display="Penicillin allergy"),
        entry(
            "alert",
            "care_home",
            "2023-01-01",
            "E06990001",
            "care-home",
            system="text",
            display="Lives in a care home",
        ),
        entry("encounter", "outpatient", "2023-02-01", "RT1", "360", sensitive="sexual_health"),
        entry("encounter", "community", "2022-01-05", "RT3", "dn", detail="did not attend"),
    ]


@pytest.fixture
def system(db):
    return practices_system()


@pytest.fixture
def person(system):
    load = RecordLoadFactory()
    PersonRecordFactory(
        load=load,
        nhs_number=OTHER,
        family_name="Smith",
        given_name="Bob",
        sex="M",
        registered_practice="Y99003",
    )
    return PersonRecordFactory(load=load, nhs_number=NHS, document={"entries": entries()})


def staff(system, ods: str, role: str = "clinician"):
    return UserFactory.with_role(
        role, system=system, organisation=Organisation.objects.get(ods_code=ods)
    )


@pytest.fixture
def gp(system, person):
    """A clinician at the person's own practice."""
    return staff(system, "Y99001")


@pytest.fixture
def stranger(system, person):
    """A clinician whose organisation has no relationship with the person."""
    return staff(system, "RT3")


@pytest.fixture
def patient(person):
    """The person themselves, with a patient account."""
    user = UserFactory()
    PatientAccount.objects.create(user=user, nhs_number=NHS, via=AccountVia.DEMO)
    return user


@pytest.fixture
def api(client):
    """``api(path, user=..., scope="user/*.read", **headers)`` → the response of a GET."""

    def get(path: str, *, user=None, scope: str = "user/*.read", token: str = "", **extra):
        if user is not None:
            token = issue_token(user, scope)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return client.get(path, **headers, **extra)

    return get


def validate(body: dict):
    """The resource (and each resource a Bundle holds) checked by fhir.resources' R4B models."""
    model = get_fhir_model_class(body["resourceType"]).model_validate(body)
    for item in body.get("entry", []):
        get_fhir_model_class(item["resource"]["resourceType"]).model_validate(item["resource"])
    return model


def fhir(response, status: int = 200) -> dict:
    """The body of a FHIR response, after checking its status, type and that it validates."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith(FHIR_JSON)
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    validate(body)
    return body


def outcome(response, status: int) -> str:
    """The diagnostics of an error's OperationOutcome."""
    body = fhir(response, status)
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"][0]["diagnostics"]


@pytest.fixture
def check():
    """The response checks and ``staff`` maker, for modules loaded outside pytest too (the
    access matrix is read by tests/integration/web/test_url_matrix.py)."""
    from types import SimpleNamespace

    return SimpleNamespace(fhir=fhir, outcome=outcome, staff=staff)
