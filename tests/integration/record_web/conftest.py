"""A small system (practices_system) and one person in the shared record whose entries come from
their practice, two hospitals and community services, one of them sensitive."""

import pytest

from engineroom.system.models import Organisation
from factories.accounts import UserFactory
from factories.record import PersonRecordFactory, entry
from factories.system import practices_system

NHS = "9434765919"  # registered with Y99001 (PCN with Y99002); RT2 has an open episode


@pytest.fixture
def system(db):
    return practices_system()


@pytest.fixture
def person(db):
    entries = [
        entry("encounter", "ae", "2025-03-20", "RT2", "ae1", display="A&E attendance"),
        entry("medication", "gp", "2025-01-10", "Y99001", "m1", display="Ramipril 5mg capsules"),
        entry("allergy", "gp", "2024-08-01", "Y99001", "a1", display="Penicillin allergy"),
        entry("condition", "gp", "2024-06-01", "Y99001", "38341003", display="Hypertension"),
        entry("encounter", "community", "2024-01-05", "RT3", "dn", display="District nursing"),
        entry("condition", "gp", "2023-01-01", "Y99001", "x1", sensitive="sexual_health"),
        entry("encounter", "outpatient", "2023-02-01", "RT1", "360", sensitive="sexual_health"),
    ]
    return PersonRecordFactory(nhs_number=NHS, document={"entries": entries})


@pytest.fixture
def staff(system):
    """``staff(ods, role="clinician")``: a user holding ``role`` through organisation ``ods``."""

    def make(ods: str, role: str = "clinician"):
        organisation = Organisation.objects.get(ods_code=ods)
        return UserFactory.with_role(role, system=system, organisation=organisation)

    return make


@pytest.fixture
def user_as(member, staff):
    """``user_as(role)``: a clinician at the person's practice, a Caldicott Guardian of the
    community trust, everyone else as the factories make them."""

    def make(role):
        if role == "clinician":
            return staff("Y99001")
        if role == "caldicott":
            return staff("RT3", "caldicott")
        return member(role)

    return make
