from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [NavItem("Engine room", "workforce:index", Permission.WORKFORCE_VIEW)]
