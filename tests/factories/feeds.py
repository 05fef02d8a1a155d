"""Factories for the data manager's work on the feeds: decisions on quarantined rows and on
unlinked records.

Both are the database's half of work whose other half is in the lake (``engineroom.population``);
a factory row is the record of a decision already *done*, and touches no lake. To work a real
quarantined row or unlinked record, use the pages or ``engineroom.feeds.actions`` against a lake
(``tests/lakes.py``).
"""

from __future__ import annotations

import factory
from django.utils import timezone

from engineroom.feeds import models
from factories.accounts import UserFactory
from factories.system import SystemFactory

SENDER = "RT1"  # an acute trust's ODS code, as in ``factories.system.practices_system``


class RowDecisionFactory(factory.django.DjangoModelFactory):
    """A quarantined outpatient row released as sent; pass ``action`` (and ``values`` or
    ``note``) for the other decisions, ``state=State.OPEN, done_at=None`` for a request still
    waiting on its sender."""

    class Meta:
        model = models.RowDecision

    system = factory.SubFactory(SystemFactory)
    load_id = factory.Sequence(lambda n: f"{n:024x}")
    source = SENDER
    kind = "sus_op"
    file = factory.LazyAttribute(lambda d: f"{d.kind}__{d.source}__20250228.csv")
    row_number = factory.Sequence(lambda n: n + 1)
    action = models.RowAction.RELEASE
    state = models.State.DONE
    values = factory.LazyFunction(dict)
    note = ""
    by = factory.SubFactory(UserFactory)
    done_at = factory.LazyFunction(timezone.now)


class LinkDecisionFactory(factory.django.DjangoModelFactory):
    """An unlinked outpatient record matched to a person in the index (by NHS number); pass
    ``new_person=True`` for a record confirmed as someone not in the index."""

    class Meta:
        model = models.LinkDecision

    system = factory.SubFactory(SystemFactory)
    table = "outpatient"
    source = SENDER
    record_id = factory.Sequence(lambda n: f"{SENDER}-OP-{n:06d}")
    person_id = "9434765919"  # a valid NHS number (Modulus 11), of nobody real
    new_person = False
    state = models.State.DONE
    by = factory.SubFactory(UserFactory)
    done_at = factory.LazyFunction(timezone.now)


__all__ = ["LinkDecisionFactory", "RowDecisionFactory"]
