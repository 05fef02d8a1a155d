"""Factories for the shared record store: a current load and people with documents."""

from __future__ import annotations

import datetime as dt
import hashlib

import factory
from django.utils import timezone

from engineroom.record import models
from factories.accounts import UserFactory
from factories.system import OrganisationFactory

EXTRACT = dt.date(2025, 3, 31)


class RecordLoadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RecordLoad

    version = "v-test"
    status = models.LoadStatus.CURRENT
    extract_date = EXTRACT


class PersonRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PersonRecord

    load = factory.SubFactory(RecordLoadFactory)
    nhs_number = "9434765919"
    family_name = "Jones"
    family_key = factory.LazyAttribute(lambda p: p.family_name.casefold())
    given_name = "Ann"
    birth_date = dt.date(1940, 5, 2)
    sex = "F"
    postcode_district = "TV1"
    registered_practice = "Y99001"
    registration_date = dt.date(1990, 1, 1)
    document = factory.LazyFunction(lambda: {"entries": []})


def entry(kind: str, setting: str, date: str, source: str, code: str = "", **fields) -> dict:
    """One record entry, as the store writes it (see engineroom.record.models.PersonRecord)."""
    made = {
        "id": hashlib.sha1(f"{kind}|{source}|{date}|{code}".encode()).hexdigest()[:16],
        "kind": kind,
        "setting": setting,
        "date": date,
        "end": None,
        "source": source,
        "code": code,
        "system": "snomed",
        "display": code,
        "value": None,
        "unit": None,
        "quantity": None,
        "sensitive": None,
        "status": None,
        "detail": None,
        "fhir_type": None,
    }
    made.update(fields)
    return made


class CareTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CareTeamMember

    nhs_number = "9434765919"
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    added_by = factory.SubFactory(UserFactory)
    reason = "District nursing after discharge"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Referral

    nhs_number = "9434765919"
    from_organisation = factory.SubFactory(OrganisationFactory)
    to_organisation = factory.SubFactory(OrganisationFactory)
    made_by = factory.SubFactory(UserFactory)
    reason = "Memory assessment"


class BreakGlassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BreakGlass

    nhs_number = "9434765919"
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    reason = models.BreakGlassReason.EMERGENCY
    explanation = "Collapsed in the waiting room"
    started_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda b: b.started_at + dt.timedelta(hours=4))


class SharingObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SharingObjection

    nhs_number = "9434765919"
    registered_by = factory.SubFactory(UserFactory)
    via = models.ObjectionVia.STAFF


class PatientAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PatientAccount

    user = factory.SubFactory(UserFactory)
    nhs_number = factory.Sequence(lambda n: f"9{n:09d}")
    via = models.AccountVia.DEMO
