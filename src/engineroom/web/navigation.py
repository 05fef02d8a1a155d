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

from engineroom.accounts.permissions import Permission


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # takes the system code as its only argument
    permission: Permission


SHELL_NAVIGATION: list[NavItem] = [
    NavItem("System map", "system:map", Permission.SYSTEM_VIEW),
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
