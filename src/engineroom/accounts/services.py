"""The one scoped permission check every view and API endpoint uses."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from engineroom.accounts.models import Membership, User
from engineroom.accounts.permissions import ROLES, Permission
from engineroom.system.models import Organisation, System


def _memberships(user: User) -> list[Membership]:
    """Memberships of a signed-in user, cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_engineroom_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("system", "region", "organisation"))
        user._engineroom_memberships = cached
    return cached


def _covers_system(m: Membership, system: System) -> bool:
    return m.system_id == system.pk if m.system_id else m.region_id == system.region_id


def _covers_organisation(m: Membership, organisation: Organisation) -> bool:
    if m.organisation_id:
        return m.organisation_id == organisation.pk
    systems = System.objects.filter(footprints__organisation=organisation)
    return any(_covers_system(m, s) for s in systems)


def has_permission(
    user: User,
    permission: Permission,
    *,
    system: System | None = None,
    organisation: Organisation | None = None,
    own_organisation: bool = False,
) -> bool:
    """True if one of the user's memberships grants ``permission`` over the given scope.

    ``own_organisation`` asks for a membership of that very organisation (for example editing a
    partner's finance return), not merely one in a system it belongs to.
    """
    for m in _memberships(user):
        if permission not in ROLES[m.role].permissions:
            continue
        if system is not None and not _covers_system(m, system):
            continue
        if organisation is not None:
            if own_organisation and m.organisation_id != organisation.pk:
                continue
            if not _covers_organisation(m, organisation):
                continue
        return True
    return False


def visible_systems(
    user: User, permission: Permission = Permission.SYSTEM_VIEW
) -> QuerySet[System]:
    """Systems in which the user holds ``permission``."""
    system_ids, region_ids = set(), set()
    for m in _memberships(user):
        if permission in ROLES[m.role].permissions:
            if m.system_id:
                system_ids.add(m.system_id)
            else:
                region_ids.add(m.region_id)
    return System.objects.filter(Q(pk__in=system_ids) | Q(region_id__in=region_ids)).distinct()


def primary_membership(user: User) -> Membership | None:
    """The membership the header shows: the first one the user was given."""
    memberships = _memberships(user)
    return memberships[0] if memberships else None
