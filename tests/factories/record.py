"""Factories for the shared record store: a current load and people with documents."""

from __future__ import annotations

import datetime as dt
import hashlib

import factory

from engineroom.record import models

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
