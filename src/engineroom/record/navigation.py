from engineroom.accounts.permissions import Permission
from engineroom.web.navigation import NavItem

NAVIGATION = [
    NavItem("Shared record", "record:find", Permission.RECORD_VIEW),
    NavItem("Break-glass review", "record:review", Permission.RECORD_REVIEW),
]
