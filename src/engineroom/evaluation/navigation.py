from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [NavItem("Evaluations", "evaluation:index", Permission.POPULATION_VIEW)]
