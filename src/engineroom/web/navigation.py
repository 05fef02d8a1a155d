"""The domains shown in the header navigation. Each app adds its entry here when it lands."""

from __future__ import annotations

from dataclasses import dataclass

from engineroom.accounts.permissions import Permission


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # takes the system code as its only argument
    permission: Permission


NAVIGATION: list[NavItem] = [
    NavItem("System map", "system:map", Permission.SYSTEM_VIEW),
    NavItem("Organisations", "system:organisations", Permission.SYSTEM_VIEW),
    NavItem("Leadership", "system:leadership", Permission.SYSTEM_VIEW),
    NavItem("Partnerships", "system:partnerships", Permission.SYSTEM_VIEW),
]
