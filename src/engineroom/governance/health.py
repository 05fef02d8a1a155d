"""The governance health check: NHS Confederation principles as measured checks per system.

Each check reads a few counts (through ``queries``), compares them with its target and says the
value in words (through ``web.formatting``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engineroom.governance import queries, rules
from engineroom.governance.models import ActionStatus, DecisionStatus, Member, Paper
from engineroom.system.models import COUNCIL_KINDS, OrganisationKind, System
from engineroom.web.formatting import days, percent

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
    anchor: str = ""  # where on the page the detail is listed, if it is


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def checks(system: System, today: dt.date | None = None) -> list[Check]:
    today = today or dt.date.today()
    return [
        _streamlined(system),
        _local(system),
        *_transparent(system),
        _accountable(system, today),
        _declared(system, today),
        *(_represented(system, level, today) for level in ("system", "place")),
    ]


def _streamlined(system: System) -> Check:
    decided = queries.decisions(system).filter(effective_on__isnull=False)
    latency = rules.median(rules.days_to_effect(decided))
    return Check(
        "Streamlined",
        "Median days from proposal to effect",
        days(latency),
        f"at most {STREAMLINED_DAYS} days",
        latency is not None and latency <= STREAMLINED_DAYS,
    )


def _local(system: System) -> Check:
    taken = queries.decisions(system).exclude(
        status__in=[DecisionStatus.PROPOSED, DecisionStatus.WITHDRAWN]
    )
    local = _share(taken.exclude(body__level="system").count(), taken.count())
    return Check(
        "Local by default",
        "Decisions taken at place or neighbourhood level",
        percent(local),
        "at least 50%",
        local is not None and local >= 0.5,
    )


def _transparent(system: System) -> list[Check]:
    bodies = queries.bodies(system)
    tor = _share(bodies.filter(terms_published=True).count(), bodies.count())
    public_papers = Paper.objects.filter(
        item__meeting__body__system=system, item__confidential=False, confidential=False
    )
    published = _share(public_papers.filter(published=True).count(), public_papers.count())
    return [
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
    ]


def _accountable(system: System, today: dt.date) -> Check:
    actions = queries.actions_in(system)
    overdue = actions.filter(status=ActionStatus.OPEN, due_on__lt=today).count()
    share = _share(overdue, actions.count())
    return Check(
        "Mutual accountability",
        "Actions overdue",
        percent(share),
        "at most 10%",
        share is not None and share <= 0.1,
    )


def _declared(system: System, today: dt.date) -> Check:
    """Members of the system's bodies who have made this year's return of interests."""
    members = Member.objects.current(today).filter(body__system=system)
    people = members.values("person_id").distinct().count()
    due = len(queries.returns_due(system, today))
    share = _share(people - due, people)
    return Check(
        "Transparent",
        "Members who have made this year's declaration of interests",
        percent(share) + (f" ({due} still due)" if due else ""),
        "100%",
        share is None or due == 0,
        anchor="due" if due else "",
    )


def _represented(system: System, level: str, today: dt.date) -> Check:
    current = Member.objects.current(today).filter(body__system=system, body__level=level)
    kinds = set(current.values_list("organisation__kind", flat=True))
    groups = {
        "providers": bool(kinds & PROVIDER_KINDS),
        "primary care networks": OrganisationKind.PCN in kinds,
        "councils": bool(kinds & COUNCIL_KINDS),
    }
    missing = [k for k, ok in groups.items() if not ok]
    return Check(
        "Representation",
        f"Providers, PCNs and councils on {level}-level bodies",
        "all represented" if not missing else "missing: " + ", ".join(missing),
        "all three",
        not missing,
    )
