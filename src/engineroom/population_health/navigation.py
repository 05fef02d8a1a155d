from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [
    NavItem("Population health", "population_health:index", Permission.POPULATION_VIEW),
    NavItem("Disease registers", "population_health:registers", Permission.POPULATION_VIEW),
    NavItem("Worklists", "population_health:worklists", Permission.WORKLIST_VIEW),
]
