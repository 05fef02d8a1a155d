"""The one scoped permission check every view and API endpoint uses.

``accounts`` sits below the system model in the layers, so it names the system's models through
the app registry (as Django's own ``get_user_model`` does) instead of importing them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps

from engineroom.accounts.models import Membership, User
from engineroom.accounts.permissions import ROLES, Permission

if TYPE_CHECKING:  # pragma: no cover - typing only
    from engineroom.system.models import Organisation, System


def memberships(user: User) -> list[Membership]:
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
    systems = apps.get_model("system", "System").objects.filter(
        footprints__organisation=organisation
    )
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
    for m in memberships(user):
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
