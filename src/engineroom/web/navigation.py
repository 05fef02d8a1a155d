"""The domains shown in the header navigation.

Each domain app may define ``NAVIGATION: list[NavItem]`` in its ``navigation.py``; they are
collected here in the order of ``settings.DOMAIN_APPS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission

HOME_OF_SYSTEM = "system:map"  # current only on its own page, not on every page below it


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # takes the system code as its only argument
    permission: Permission
    unless: Permission | None = None  # hidden from those holding this (they have a fuller page)


SHELL_NAVIGATION: list[NavItem] = [
    NavItem("Home", "system-home", Permission.SYSTEM_VIEW),
    NavItem("System map", HOME_OF_SYSTEM, Permission.SYSTEM_VIEW),
    NavItem("Organisations", "system:organisations", Permission.SYSTEM_VIEW),
    NavItem("Leadership", "system:leadership", Permission.SYSTEM_VIEW),
    NavItem("Partnerships", "system:partnerships", Permission.SYSTEM_VIEW),
]


@cache
def navigation() -> list[NavItem]:
    items = list(SHELL_NAVIGATION)
    for app in settings.DOMAIN_APPS:
        if find_spec(f"{app}.navigation") is not None:
            items += import_module(f"{app}.navigation").NAVIGATION
    return items


def menu(user, system, path: str) -> list[dict]:
    """The header links this user may follow in ``system``, the current one marked active."""
    items = []
    for item in navigation():
        if not has_permission(user, item.permission, system=system):
            continue
        if item.unless is not None and has_permission(user, item.unless, system=system):
            continue
        href = reverse(item.url_name, args=[system.code])
        active = path == href if item.url_name == HOME_OF_SYSTEM else path.startswith(href)
        items.append({"label": item.label, "href": href, "active": active})
    return items
