"""The governance health check: NHS Confederation principles as measured checks per system."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engineroom.governance.models import (
    Action,
    ActionStatus,
    Body,
    Decision,
    DecisionStatus,
    Member,
    Paper,
)
from engineroom.governance.presenters import days, percent
from engineroom.governance.ratification import median
from engineroom.system.models import COUNCIL_KINDS, OrganisationKind

STREAMLINED_DAYS = 60
PROVIDER_KINDS = {
    OrganisationKind.ACUTE,
    OrganisationKind.COMMUNITY,
    OrganisationKind.MENTAL_HEALTH,
    OrganisationKind.AMBULANCE,
}


@dataclass
class Check:
    principle: str
    measure: str
    value: str
    target: str
    met: bool


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def checks(system, today: dt.date | None = None) -> list[Check]:
    today = today or dt.date.today()
    decided = Decision.objects.filter(body__system=system)
    spans = [
        (d.effective_on - d.proposed_on).days
        for d in decided.filter(status=DecisionStatus.EFFECTIVE, effective_on__isnull=False)
    ]
    latency = median(spans)
    taken = decided.exclude(status__in=[DecisionStatus.PROPOSED, DecisionStatus.WITHDRAWN])
    local = _share(taken.exclude(body__level="system").count(), taken.count())
    bodies = Body.objects.filter(system=system)
    tor = _share(bodies.filter(terms_published=True).count(), bodies.count())
    public_papers = Paper.objects.filter(
        item__meeting__body__system=system, item__confidential=False, confidential=False
    )
    published = _share(public_papers.filter(published=True).count(), public_papers.count())
    actions = Action.objects.filter(meeting__body__system=system)
    overdue = actions.filter(status=ActionStatus.OPEN, due_on__lt=today).count()
    overdue_share = _share(overdue, actions.count())
    result = [
        Check(
            "Streamlined",
            "Median days from proposal to effect",
            days(latency),
            f"at most {STREAMLINED_DAYS} days",
            latency is not None and latency <= STREAMLINED_DAYS,
        ),
        Check(
            "Local by default",
            "Decisions taken at place or neighbourhood level",
            percent(local),
            "at least 50%",
            local is not None and local >= 0.5,
        ),
        Check(
            "Transparent",
            "Bodies with published terms of reference",
            percent(tor),
            "100%",
            tor == 1,
        ),
        Check(
            "Transparent",
            "Public papers published",
            percent(published),
            "at least 95%",
            published is not None and published >= 0.95,
        ),
        Check(
            "Mutual accountability",
            "Actions overdue",
            percent(overdue_share),
            "at most 10%",
            overdue_share is not None and overdue_share <= 0.1,
        ),
    ]
    current = Member.objects.current(today).filter(body__system=system)
    for level in ("system", "place"):
        kinds = set(current.filter(body__level=level).values_list("organisation__kind", flat=True))
        groups = {
            "providers": bool(kinds & PROVIDER_KINDS),
            "primary care networks": OrganisationKind.PCN in kinds,
            "councils": bool(kinds & COUNCIL_KINDS),
        }
        missing = [k for k, ok in groups.items() if not ok]
        result.append(
            Check(
                "Representation",
                f"Providers, PCNs and councils on {level}-level bodies",
                "all represented" if not missing else "missing: " + ", ".join(missing),
                "all three",
                not missing,
            )
        )
    return result
