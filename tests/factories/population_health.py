"""Factories for population health: a clinician's marks on worklists (direct care)."""

from __future__ import annotations

import factory

from engineroom.population_health import models
from engineroom.population_health.queries import pseudonym
from factories.accounts import UserFactory
from factories.system import SystemFactory


class WorklistMarkFactory(factory.django.DjangoModelFactory):
    """A person on the emergency admission risk worklist marked reviewed. Pass ``nhs_number``:
    the mark names that person by pseudonym, as the pages do, never by the number itself."""

    class Meta:
        model = models.WorklistMark
        exclude = ("nhs_number",)

    system = factory.SubFactory(SystemFactory)
    nhs_number = factory.Sequence(lambda n: f"999{n:07d}")
    person = factory.LazyAttribute(lambda m: pseudonym(m.nhs_number))
    worklist = models.WorklistKind.RISK
    status = models.MarkStatus.REVIEWED
    note = ""
    by = factory.SubFactory(UserFactory)


__all__ = ["WorklistMarkFactory"]
