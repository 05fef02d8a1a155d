"""Which panels each role's home page shows, and which roles' day starts on another page."""

from __future__ import annotations

from engineroom.accounts.permissions import Permission

# The panels of a home page, in the order they are shown, each with the permission it needs.
PANELS: dict[str, Permission] = {
    "finance": Permission.FINANCE_VIEW,
    "programmes": Permission.PROGRAMMES_VIEW,
    "reports_due": Permission.PROGRAMMES_EDIT,
    "ratifications": Permission.GOVERNANCE_VIEW,
    "meetings_needing_papers": Permission.GOVERNANCE_EDIT,
    "minutes_overdue": Permission.GOVERNANCE_EDIT,
    "returns_missing": Permission.GOVERNANCE_EDIT,
    "rounds": Permission.FINANCE_VIEW,
    "late_feeds": Permission.FEEDS_MANAGE,
    "quarantine": Permission.FEEDS_MANAGE,
    "population": Permission.POPULATION_VIEW,
    "oversight": Permission.OVERSIGHT_VIEW,
}

PANELS_BY_ROLE: dict[str, tuple[str, ...]] = {
    "system_leader": ("finance", "programmes", "ratifications", "population", "oversight"),
    "governance": (
        "meetings_needing_papers",
        "minutes_overdue",
        "ratifications",
        "returns_missing",
    ),
    "pmo": ("reports_due", "programmes"),
    "finance": ("finance", "rounds"),
    "data_manager": ("late_feeds", "quarantine"),
}

# Roles whose day starts on a page another app already makes (URL name, takes the system code
# unless it is the public index).
ELSEWHERE: dict[str, str] = {
    "analyst": "population_health:index",
    "clinician": "population_health:worklists",
    "caldicott": "record:review",
    "public": "governance:public-systems",
    "regulator": "oversight:region",
}
TAKES_NO_SYSTEM = {"governance:public-systems"}
TAKES_REGION = {"oversight:region"}  # the regulator's day starts across the region

MINUTES_DUE_DAYS = 14  # draft minutes are due to the chair within two weeks of the meeting
LATE_FEEDS_SHOWN = 8  # the rest are on the feed calendar
PAPERS_WINDOW_DAYS = 28  # meetings in the 28-day forward plan need their papers


def panels_for(roles: set[str]) -> list[str]:
    """The panels for everyone holding ``roles``, in page order, each once."""
    wanted = {panel for role in roles for panel in PANELS_BY_ROLE.get(role, ())}
    return [panel for panel in PANELS if panel in wanted]


def start_elsewhere(roles: set[str]) -> str | None:
    """The URL name of the page a user starts on when their only role starts elsewhere."""
    if len(roles) == 1:
        return ELSEWHERE.get(next(iter(roles)))
    return None
