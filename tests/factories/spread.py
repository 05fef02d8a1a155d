"""Factories for the spread of good practice: a model of care with its components and evidence,
an adoption of it in a place of a system, and an outcome run holding a result in the shape
``engineroom.population.evaluation.places.outcomes`` returns."""

from __future__ import annotations

import datetime as dt

import factory

from engineroom.spread import models
from factories.system import PlaceFactory, SystemFactory


class ModelOfCareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ModelOfCare

    slug = factory.Sequence(lambda n: f"model-{n}")
    name = factory.Sequence(lambda n: f"Model of care {n}")
    summary = "Enhanced support for people living in care homes."
    description = "A named general practice and multidisciplinary team for each care home."
    adaptations_allowed = factory.LazyFunction(lambda: ["Fortnightly rounds in small homes"])
    population = models.Population.CARE_HOME_RESIDENTS


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Component

    model = factory.SubFactory(ModelOfCareFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Component {n}")


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Evidence

    model = factory.SubFactory(ModelOfCareFactory)
    title = "The impact of providing enhanced support for care home residents in Rushcliffe"
    url = "https://www.health.org.uk/publications/the-impact-of-providing-enhanced-support-for-care-home-residents-in-rushcliffe"
    finding = "Emergency admissions 23% lower, A&E attendances 29% lower."


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Adoption

    model = factory.SubFactory(ModelOfCareFactory)
    system = factory.SubFactory(SystemFactory)
    place = factory.SubFactory(PlaceFactory, system=factory.SelfAttribute("..system"))
    neighbourhood = None
    status = models.AdoptionStatus.PLANNED
    owner = "Alex Morgan, place director"
    due_on = dt.date(2026, 4, 1)
    adopted_on = None


def _points(start: dt.date, rates: list[float]) -> list[dict]:
    months = [
        dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(len(rates))
    ]
    return [
        {"period": m.isoformat(), "events": round(r * 2), "people": 2000, "rate": r}
        for m, r in zip(months, rates, strict=True)
    ]


def outcome_result(place: str, start: dt.date = dt.date(2023, 10, 2)) -> dict:
    """A published result: one place charted by month (lower after its start), an evaluation."""
    first = dt.date(2022, 4, 1)
    rates = [10.0, 11.0, 10.5, 9.5] * 4 + [10.0, 10.5] + [8.0, 7.5, 8.5, 7.0] * 4
    return {
        "population": "care_home_residents",
        "outcome": "emergency_admissions",
        "first": first.isoformat(),
        "data_end": "2025-03-31",
        "places": {
            place: {"start": start.isoformat(), "period": "month", "points": _points(first, rates)}
        },
        "evaluation": {
            "ran": True,
            "start": start.isoformat(),
            "adopting_places": [place],
            "practices": {"adopting": 4, "units": 20},
            "key_point": "Emergency admissions 23% lower (against the comparison practices' trend).",
            "did": {"rate_ratio": 0.77, "ci_low": 0.65, "ci_high": 0.91, "p": 0.01},
            "series": [],
        },
    }


class OutcomeRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OutcomeRun

    model = factory.SubFactory(ModelOfCareFactory)
    system = factory.SubFactory(SystemFactory)
    result = factory.LazyFunction(lambda: outcome_result("place-x"))


__all__ = [
    "AdoptionFactory",
    "ComponentFactory",
    "EvidenceFactory",
    "ModelOfCareFactory",
    "OutcomeRunFactory",
    "outcome_result",
]
