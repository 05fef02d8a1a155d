from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [NavItem("Data feeds", "feeds:index", Permission.FEEDS_MANAGE)]
