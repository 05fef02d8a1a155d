from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [
    NavItem("Population health", "population_web:index", Permission.POPULATION_VIEW),
    NavItem("Worklists", "population_web:worklists", Permission.WORKLIST_VIEW),
]
