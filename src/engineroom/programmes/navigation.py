from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [NavItem("Programmes", "programmes:portfolio", Permission.PROGRAMMES_VIEW)]
