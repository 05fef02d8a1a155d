from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [
    NavItem("Governance", "governance:index", Permission.GOVERNANCE_VIEW),
    # The public pages, for those who cannot see the fuller governance pages (the public role).
    NavItem(
        "Decisions and meetings",
        "governance:public",
        Permission.SYSTEM_VIEW,
        unless=Permission.GOVERNANCE_VIEW,
    ),
]
