"""Reads about bodies, their members and delegations, and the choices forms offer."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from engineroom.audit.actions import subject
from engineroom.audit.models import AuditEvent
from engineroom.governance import rules
from engineroom.governance.models import (
    Body,
    Delegation,
    Meeting,
    Member,
    Paper,
)
from engineroom.system.models import (
    Neighbourhood,
    Organisation,
    Person,
    Place,
    RoleAssignment,
    System,
)


def history(*objs) -> QuerySet[AuditEvent]:
    """Who changed what, when: the audit entries about ``objs``."""
    return AuditEvent.objects.filter(subject__in=[subject(o) for o in objs]).order_by("at", "id")


# --- Choices for forms ----------------------------------------------------------------------------
def organisations(system: System) -> QuerySet[Organisation]:
    """Organisations with a footprint in the system."""
    return Organisation.objects.filter(footprints__system=system).distinct().order_by("name")


def places(system: System) -> QuerySet[Place]:
    return system.places.all()


def neighbourhoods(system: System) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(place__system=system)


def people(on: dt.date | None = None) -> QuerySet[Person]:
    """Everyone a form may pick, with their current roles and body memberships (and the
    organisations of both) loaded, so that a picker can tell people of one name apart."""
    roles = RoleAssignment.objects.current(on).select_related(
        "organisation", "place", "system", "partnership"
    )
    seats = Member.objects.current(on).select_related("body", "organisation")
    return Person.objects.order_by("name", "ref").prefetch_related(
        Prefetch("roles", queryset=roles, to_attr="current_roles"),
        Prefetch("body_memberships", queryset=seats, to_attr="current_seats"),
    )


# --- Bodies ---------------------------------------------------------------------------------------
def bodies(system: System) -> QuerySet[Body]:
    return Body.objects.filter(system=system)


def body(system: System, code: str) -> Body:
    return get_object_or_404(bodies(system), code=code)


def code_taken(system: System, code: str, *, other_than: Body | None = None) -> bool:
    clash = bodies(system).filter(code=code)
    if other_than is not None:
        clash = clash.exclude(pk=other_than.pk)
    return clash.exists()


def bodies_with_decisions(system: System) -> QuerySet[Body]:
    """Bodies with their members and decisions, for the structure table and treacle."""
    return (
        bodies(system)
        .select_related("reports_to", "place")
        .prefetch_related("members", "decisions")
    )


def structure(system: System) -> tuple[QuerySet[Body], QuerySet[Delegation]]:
    """The bodies and current delegations the structure chart draws."""
    rows = bodies(system).select_related("reports_to", "place", "neighbourhood")
    return rows, current_delegations(system)


def current_members(body: Body, on: dt.date | None = None) -> QuerySet[Member]:
    return body.members.current(on).select_related("person", "organisation")


def past_members(body: Body) -> QuerySet[Member]:
    return body.members.exclude(pk__in=body.members.current().values("pk")).select_related("person")


def body_meetings(body: Body) -> QuerySet[Meeting]:
    return body.meetings.select_related("body").order_by("-starts_at")


def body_history(body: Body) -> QuerySet[AuditEvent]:
    """Changes to the body, its memberships and its delegations."""
    return history(body, *body.members.all(), *body.delegations.all())


def overlapping_membership(body: Body, person: Person, start: dt.date, end: dt.date | None):
    """A membership of ``person`` in ``body`` overlapping the dates, if any."""
    q = Q(end_date__isnull=True) | Q(end_date__gte=start)
    if end is not None:
        q &= Q(start_date__lte=end)
    return body.members.filter(person=person).filter(q).first()


def current_delegations(system: System, on: dt.date | None = None) -> QuerySet[Delegation]:
    return (
        Delegation.objects.current(on)
        .filter(body__system=system)
        .select_related("body__place", "body__neighbourhood", "delegated_by", "source_organisation")
        .order_by("category", "limit_pence")
    )


def body_delegations(body: Body) -> QuerySet[Delegation]:
    return body.delegations.current().select_related("delegated_by", "source_organisation")


def delegated_limit(body: Body, category: str, on: dt.date) -> int | None:
    """The largest limit ``body`` currently holds for ``category`` (None when it holds none)."""
    rows = Delegation.objects.current(on).filter(body=body, category=category)
    return max(rows.values_list("limit_pence", flat=True), default=None)


def covering_delegation(body: Body, category: str, value_pence: int, on: dt.date):
    """The body's smallest current delegation that covers the value, if any."""
    return (
        Delegation.objects.current(on)
        .filter(body=body, category=category, limit_pence__gte=value_pence)
        .order_by("limit_pence")
        .first()
    )


# --- The public pages -----------------------------------------------------------------------------
def public_system(code: str) -> System:
    return get_object_or_404(System, code=code)


def public_bodies(system: System) -> QuerySet[Body]:
    return bodies(system).filter(published=True)


def public_body(system: System, code: str) -> Body:
    return get_object_or_404(public_bodies(system), code=code)


def public_systems() -> QuerySet[System]:
    """Every system, for the public index (each has public governance pages)."""
    return System.objects.order_by("name")


def public_system_meetings(system: System) -> QuerySet[Meeting]:
    """Meetings of the system's published bodies, soonest first, for the public calendar."""
    rows = Meeting.objects.filter(body__in=public_bodies(system)).select_related("body")
    return rows.order_by("starts_at")


def public_forthcoming(system: System, start: dt.datetime, end: dt.datetime) -> QuerySet[Meeting]:
    """Public meetings (cancelled ones included, to say so) from ``start`` to ``end``."""
    return public_system_meetings(system).filter(starts_at__gte=start, starts_at__lte=end)


def public_papers(system: System) -> QuerySet[Paper]:
    """Public papers (``rules.PUBLIC_PAPER``: published, Part 1, current, neither they nor their
    item withdrawn) of the system's published bodies, newest meeting first."""
    return (
        Paper.objects.filter(rules.PUBLIC_PAPER, item__meeting__body__in=public_bodies(system))
        .select_related("item__meeting__body")
        .order_by("-item__meeting__starts_at", "item__number", "title")
    )
