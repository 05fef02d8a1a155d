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


def practices_system(code: str = "test-ics") -> models.System:
    """A small system shaped like a real one, every code fixed (so population health results
    published once per test session match the rows each test builds again):

    an ICB; two places, each with its unitary council and two neighbourhoods; each neighbourhood
    served by a PCN of two practices (eight practices, 1,500 people per neighbourhood); an acute
    trust for each place, the first also serving the second place; a community trust serving
    part of the first place; a mental health trust for the whole system.
    """
    kinds = models.OrganisationKind
    system = SystemFactory(
        code=code,
        name="Test Valley ICS (fictional)",
        population=6_000,
        region=RegionFactory(code="test-region", name="Test Region"),
    )
    organisation_in(system, ods_code="QT1", name="Test Valley ICB", kind=kinds.ICB)
    places = []
    for p, side in enumerate(("North", "South"), start=1):
        place = PlaceFactory(
            code=f"{code}-p{p}", name=f"{side}town", population=3_000, system=system
        )
        places.append(place)
        council = f"E0699000{p}"
        organisation_in(
            system, place=place, ods_code=council, name=f"{side}town Council", kind=kinds.LA_UNITARY
        )
        for n in (1, 2):
            _neighbourhood(system, place, index=2 * (p - 1) + n)
    first, second = places
    acute = organisation_in(system, place=first, ods_code="RT1", name="Northtown Hospitals")
    FootprintFactory(organisation=acute, system=system, place=second)
    organisation_in(system, place=second, ods_code="RT2", name="Southtown General")
    community = organisation_in(
        system, place=first, ods_code="RT3", name="Valley Community Health", kind=kinds.COMMUNITY
    )
    community.footprints.update(coverage=models.Coverage.PART)
    organisation_in(system, ods_code="RT4", name="Valley Minds", kind=kinds.MENTAL_HEALTH)
    return system


def _neighbourhood(system: models.System, place: models.Place, *, index: int) -> None:
    """A neighbourhood served by a PCN of two practices."""
    hood = NeighbourhoodFactory(
        code=f"{system.code}-n{index}",
        name=f"{place.name} {index}",
        population=1_500,
        place=place,
    )
    pcn = OrganisationFactory(
        ods_code=f"U9900{index}",
        name=f"{hood.name} PCN",
        kind=models.OrganisationKind.PCN,
        statutory=False,
    )
    FootprintFactory(organisation=pcn, system=system, place=place, neighbourhood=hood)
    for practice in (2 * index - 1, 2 * index):
        surgery = OrganisationFactory(
            ods_code=f"Y99{practice:03d}",
            name=f"{hood.name} Surgery {practice}",
            kind=models.OrganisationKind.GP_PRACTICE,
            statutory=False,
            parent=pcn,
        )
        FootprintFactory(organisation=surgery, system=system, place=place, neighbourhood=hood)
