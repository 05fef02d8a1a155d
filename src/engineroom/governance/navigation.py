from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [NavItem("Governance", "governance:index", Permission.GOVERNANCE_VIEW)]
