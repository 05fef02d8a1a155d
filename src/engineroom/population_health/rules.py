"""Direct-care rules of the worklists: whose registered people a user may see.

A worklist is identifiable and the national data opt-out is not applied (it is direct care), so
it is shown only for people registered with the user's own practice, or with a practice in the
user's primary care network (PCN), through a membership granting ``worklist.view`` in the system.
"""

from __future__ import annotations

from engineroom.accounts.permissions import ROLES, Permission
from engineroom.accounts.rules import has_permission, memberships
from engineroom.system.models import Organisation, OrganisationKind, System

KINDS = {
    "risk": "Emergency admission risk (top 5%)",
    "case-finding": "Case-finding: probable undiagnosed conditions",
    "frailty": "Moderate and severe frailty",
}


def worklist_practices(user, system: System) -> list[Organisation]:
    """Practices whose registered people this user may see: their own practice, or every practice
    in their PCN, through a membership granting ``worklist.view`` in this system."""
    found: dict[int, Organisation] = {}
    for m in memberships(user):
        org = m.organisation
        if org is None or Permission.WORKLIST_VIEW not in ROLES[m.role].permissions:
            continue
        if not has_permission(
            user, Permission.WORKLIST_VIEW, system=system, organisation=org, own_organisation=True
        ):
            continue
        if org.kind == OrganisationKind.GP_PRACTICE:
            found[org.pk] = org
        elif org.kind == OrganisationKind.PCN:
            for practice in org.children.filter(kind=OrganisationKind.GP_PRACTICE):
                found[practice.pk] = practice
    return sorted(found.values(), key=lambda o: o.ods_code)


SAMPLE_BELOW = 0.9  # under 90% of the registered list: more than opt-outs alone would remove


def sample_share(published_population, registered: int) -> float | None:
    """The share of the registered population the published results rest on, when they rest on
    a sample (the demo generates 5% by default); None when they cover everyone, or cannot say."""
    if not isinstance(published_population, int | float) or not registered:
        return None
    share = published_population / registered
    return share if share < SAMPLE_BELOW else None
