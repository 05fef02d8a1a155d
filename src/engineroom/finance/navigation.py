from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [NavItem("Finance", "finance:index", Permission.FINANCE_VIEW)]
