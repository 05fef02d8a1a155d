from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [NavItem("Oversight", "oversight:summary", Permission.OVERSIGHT_VIEW)]
