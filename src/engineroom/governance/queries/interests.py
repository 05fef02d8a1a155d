"""Reads of the registers of interests and annual returns, and conflicts on agendas (S8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet, Sum

from engineroom.governance import rules
from engineroom.governance.models import (
    AgendaItem,
    AnnualReturn,
    Declaration,
    Interest,
    InterestKind,
    Meeting,
    Member,
)
from engineroom.system.models import Person, System
from engineroom.web import periods


class InterestQuerySet(QuerySet):
    def current_on(self, on: dt.date):
        """Interests held on ``on`` (gifts and hospitality are one-off, not held)."""
        return self.filter(
            Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on)
        ).exclude(kind__in=[InterestKind.GIFT, InterestKind.HOSPITALITY])


def register(system: System, *, public: bool = False) -> InterestQuerySet:
    rows = InterestQuerySet(Interest).filter(system=system).select_related("person", "organisation")
    return rows.filter(publish=True) if public else rows


def public_register(system: System, people) -> InterestQuerySet:
    """The published interests of ``people`` (ids), for a body's public page."""
    return register(system, public=True).filter(person_id__in=people)


def earlier_gifts(person: Person, counterparty: str, on: dt.date, exclude=None) -> int:
    """Pence of gifts from one source to ``person`` in the 12 months to ``on``."""
    rows = Interest.objects.filter(
        person=person,
        kind=InterestKind.GIFT,
        counterparty__iexact=counterparty,
        start_date__gt=on - dt.timedelta(days=rules.GIFT_WINDOW_DAYS),
        start_date__lte=on,
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.aggregate(s=Sum("value_pence"))["s"] or 0


def returns(system: System) -> QuerySet[AnnualReturn]:
    return AnnualReturn.objects.filter(system=system).select_related("person")


def returns_in_year(system: System, year: str) -> QuerySet[AnnualReturn]:
    """The annual returns made for one financial year (``periods.financial_year_of``)."""
    return returns(system).filter(year=year)


def returns_due(system: System, on: dt.date | None = None) -> list[Person]:
    """Current members of the system's bodies without a return for this financial year, each
    with ``seats``: their current memberships of the system's bodies (body, role, organisation),
    so the governance lead knows whom to chase and where to find them."""
    on = on or dt.date.today()
    done = returns_in_year(system, periods.financial_year_of(on)).values_list("person_id")
    members = Member.objects.current(on).filter(body__system=system)
    seats = members.select_related("body", "organisation").order_by("body__name", "role")
    people = Person.objects.filter(body_memberships__in=members).exclude(pk__in=done)
    people = people.distinct().order_by("name", "ref")
    return list(people.prefetch_related(Prefetch("body_memberships", seats, to_attr="seats")))


@dataclass
class Conflict:
    item: AgendaItem
    person: Person
    interest: Interest
    declared: bool


def conflicts(meeting: Meeting) -> list[Conflict]:
    """Members, presenters and attendees with a current interest in an organisation an item
    concerns (S8)."""
    on = meeting.starts_at.date()
    people = set(meeting.body.members.current(on).values_list("person_id", flat=True))
    people |= set(meeting.attendance.values_list("person_id", flat=True))
    items = list(meeting.items.prefetch_related("organisations"))
    people |= {i.presenter_id for i in items if i.presenter_id}
    interests = list(
        register(meeting.body.system)
        .filter(person_id__in=people, organisation__isnull=False)
        .current_on(on)
    )
    declared = set(
        Declaration.objects.filter(item__meeting=meeting).values_list(
            "item_id", "person_id", "interest_id"
        )
    )
    found = []
    for item in items:
        concerned = {o.pk for o in item.organisations.all()}
        found += [
            Conflict(item, i.person, i, (item.pk, i.person_id, i.pk) in declared)
            for i in interests
            if i.organisation_id in concerned
        ]
    return found
