"""Factories for the system model: regions, systems, places, organisations, footprints, leaders."""

from __future__ import annotations

import datetime as dt

import factory

from engineroom.system import models

LONG_AGO = dt.date(2020, 4, 1)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Region {n}")


class SystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.System

    code = factory.Sequence(lambda n: f"system-{n}")
    name = factory.Sequence(lambda n: f"System {n}")
    population = 1_000_000
    region = factory.SubFactory(RegionFactory)


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Place

    code = factory.Sequence(lambda n: f"place-{n}")
    name = factory.Sequence(lambda n: f"Place {n}")
    population = 300_000
    system = factory.SubFactory(SystemFactory)


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Neighbourhood

    code = factory.Sequence(lambda n: f"neighbourhood-{n}")
    name = factory.Sequence(lambda n: f"Neighbourhood {n}")
    population = 40_000
    place = factory.SubFactory(PlaceFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    ods_code = factory.Sequence(lambda n: f"X{n:04d}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = models.OrganisationKind.ACUTE
    statutory = True


class FootprintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Footprint

    organisation = factory.SubFactory(OrganisationFactory)
    system = factory.SubFactory(SystemFactory)
    start_date = LONG_AGO


def organisation_in(system: models.System, **fields) -> models.Organisation:
    """An organisation with a current footprint in ``system`` (and ``place=`` if given)."""
    place = fields.pop("place", None)
    organisation = OrganisationFactory(**fields)
    FootprintFactory(organisation=organisation, system=system, place=place)
    return organisation


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Partnership

    code = factory.Sequence(lambda n: f"partnership-{n}")
    name = factory.Sequence(lambda n: f"Partnership {n}")
    kind = models.PartnershipKind.ALLIANCE
    level = models.Level.SYSTEM
    system = factory.SubFactory(SystemFactory)


class PartnershipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    start_date = LONG_AGO


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    ref = factory.Sequence(lambda n: f"person-{n}")
    name = factory.Sequence(lambda n: f"Person {n}")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = models.RoleKind.choices[0][0]
    system = factory.SubFactory(SystemFactory)
    start_date = LONG_AGO


class RegisterCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RegisterCount

    place = factory.SubFactory(PlaceFactory)
    age_band = "45-64"
    deprivation_quintile = 3
    people = 1000
    as_of = dt.date(2025, 4, 1)
