from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [NavItem("Consultations", "engagement:index", Permission.ENGAGEMENT_VIEW)]
