"""Scoped reads about who a user is and which systems they may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Q, QuerySet

from engineroom.accounts.models import Membership, User
from engineroom.accounts.permissions import ROLES, Permission
from engineroom.accounts.rules import memberships

if TYPE_CHECKING:  # pragma: no cover - typing only
    from engineroom.system.models import System


def visible_systems(
    user: User, permission: Permission = Permission.SYSTEM_VIEW
) -> QuerySet[System]:
    """Systems in which the user holds ``permission``."""
    system_ids, region_ids = set(), set()
    for m in memberships(user):
        if permission in ROLES[m.role].permissions:
            if m.system_id:
                system_ids.add(m.system_id)
            else:
                region_ids.add(m.region_id)
    system_model = apps.get_model("system", "System")
    return system_model.objects.filter(
        Q(pk__in=system_ids) | Q(region_id__in=region_ids)
    ).distinct()


def system_named(code: str) -> System | None:
    """The system with this code (permission is checked by the caller)."""
    return (
        apps.get_model("system", "System")
        .objects.select_related("region")
        .filter(code=code)
        .first()
    )


def primary_membership(user: User) -> Membership | None:
    """The membership the header shows: the first one the user was given."""
    found = memberships(user)
    return found[0] if found else None


def demo_users() -> list[User]:
    """The demo accounts (each named after its role), in the order they were made."""
    return list(User.objects.filter(username__in=ROLES).order_by("id"))
