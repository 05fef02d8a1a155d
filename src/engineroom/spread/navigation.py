from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [NavItem("Spread", "spread:index", Permission.PROGRAMMES_VIEW)]
