"""Questions people ask of a system's shape: who serves where, who leads, how stable it is.

Every read takes the system (or region) it is about; an object outside it is not found (404).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from engineroom.system.models import (
    SYSTEM_LEADER_ROLES,
    SYSTEM_OR_ICP_LEAD_ROLES,
    AssignmentStatus,
    Coverage,
    Footprint,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    Place,
    Region,
    RoleAssignment,
    RoleKind,
    System,
)
from engineroom.system.rules import STABILITY_WINDOW_DAYS, place_in_range

COMMISSIONER_LEAD_ROLES = frozenset({RoleKind.ACCOUNTABLE_OFFICER})


# --- The system map (S1) ------------------------------------------------------------------------
@dataclass
class Overlap:
    organisation: Organisation
    reasons: list[str]


@dataclass
class PlaceNode:
    place: Place
    neighbourhoods: list
    organisations: list[Organisation] = field(default_factory=list)
    in_range: bool = True


@dataclass
class SystemMap:
    system: System
    places: list[PlaceNode]
    system_organisations: list[Organisation]
    overlaps: list[Overlap]


def current_footprints(on: dt.date | None = None) -> QuerySet[Footprint]:
    return Footprint.objects.current(on).select_related(
        "organisation", "system", "place", "neighbourhood"
    )


def system_map(system: System, on: dt.date | None = None) -> SystemMap:
    """The tree of places and neighbourhoods with the organisations serving each level."""
    by_place: dict[int, list[Organisation]] = defaultdict(list)
    system_wide = []
    for fp in current_footprints(on).filter(system=system):
        if fp.place_id is None:
            system_wide.append(fp.organisation)
        elif fp.neighbourhood_id is None:
            by_place[fp.place_id].append(fp.organisation)
    places = [
        PlaceNode(
            place=p,
            neighbourhoods=list(p.neighbourhoods.all()),
            organisations=_by_name(by_place[p.pk]),
            in_range=place_in_range(p.population),
        )
        for p in system.places.prefetch_related("neighbourhoods")
    ]
    return SystemMap(system, places, _by_name(system_wide), overlaps(system, on))


def _by_name(organisations: Iterable[Organisation]) -> list[Organisation]:
    return sorted(set(organisations), key=lambda o: o.name)


def overlaps(system: System, on: dt.date | None = None) -> list[Overlap]:
    """Organisations whose footprint is 'messy': several places or systems, or part of an area."""
    ids = current_footprints(on).filter(system=system).values("organisation")
    per_org: dict[int, list[Footprint]] = defaultdict(list)
    for fp in current_footprints(on).filter(organisation__in=ids):
        per_org[fp.organisation_id].append(fp)
    found = [
        Overlap(prints[0].organisation, reasons)
        for prints in per_org.values()
        if (reasons := _overlap_reasons(prints))
    ]
    return sorted(found, key=lambda o: o.organisation.name)


def _overlap_reasons(prints: list[Footprint]) -> list[str]:
    reasons = []
    systems = sorted({fp.system.name for fp in prints})
    places = sorted({fp.place.name for fp in prints if fp.place_id})
    if len(systems) > 1:
        reasons.append("spans systems: " + ", ".join(systems))
    if len(places) > 1:
        reasons.append("serves several places: " + ", ".join(places))
    for fp in prints:
        if fp.coverage == Coverage.PART:
            reasons.append(f"serves part of {fp.area.name}")
    return reasons


# --- The organisation directory -----------------------------------------------------------------
def organisations(system: System, on: dt.date | None = None) -> QuerySet[Organisation]:
    """Organisations with a current footprint in the system."""
    ids = current_footprints(on).filter(system=system).values("organisation")
    return Organisation.objects.filter(pk__in=ids)


def search_organisations(
    system: System, *, text: str = "", kind: str = "", place: Place | None = None
) -> QuerySet[Organisation]:
    found = organisations(system)
    if text:
        found = found.filter(Q(name__icontains=text) | Q(ods_code__iexact=text))
    if kind:
        found = found.filter(kind=kind)
    if place is not None:
        found = found.filter(
            footprints__in=Footprint.objects.current().filter(
                Q(place=place) | Q(neighbourhood__place=place)
            )
        )
    return found.distinct().select_related("parent")


def organisation(system: System, ods_code: str) -> Organisation:
    """An organisation serving the system (404 for one that does not)."""
    return get_object_or_404(organisations(system), ods_code=ods_code)


def organisation_detail(system: System, ods_code: str) -> dict:
    """An organisation with its dated footprints, members, leaders and partnerships."""
    found = organisation(system, ods_code)
    return {
        "organisation": found,
        "footprints": found.footprints.select_related("system", "place", "neighbourhood").order_by(
            "-start_date"
        ),
        "children": found.children.order_by("name"),
        "roles": found.roles.current().select_related("person"),
        "partnerships": found.partnership_memberships.current().select_related("partnership"),
    }


# --- Leadership (S2) ----------------------------------------------------------------------------
@dataclass
class LeaderRow:
    role: str
    assignment: RoleAssignment | None
    tenure_days: int | None
    dual_hatted: bool


def holder_on(system: System, role: str, on: dt.date) -> RoleAssignment | None:
    return (
        RoleAssignment.objects.current(on)
        .filter(system=system, role=role, place=None, partnership=None, organisation=None)
        .select_related("person")
        .order_by("-start_date")
        .first()
    )


def leadership(system: System, today: dt.date | None = None) -> list[LeaderRow]:
    """The system's chair and lead with tenure and dual-hatting."""
    today = today or dt.date.today()
    dual = dual_hatted_ids(today)
    rows = []
    for role in SYSTEM_LEADER_ROLES:
        a = holder_on(system, role, today)
        tenure = (today - a.start_date).days if a and not a.is_vacant else None
        rows.append(LeaderRow(RoleKind(role).label, a, tenure, bool(a and a.person_id in dual)))
    return rows


def leaders_of(systems: Iterable[System], today: dt.date | None = None) -> dict[int, dict]:
    """The current chair and lead of each system in one query: system id -> role -> assignment
    (the latest started, vacancies included), for pages across a region."""
    found: dict[int, dict] = {s.pk: {} for s in systems}
    rows = (
        RoleAssignment.objects.current(today)
        .filter(system__in=list(found), role__in=SYSTEM_LEADER_ROLES)
        .select_related("person")
        .order_by("start_date")
    )
    for a in rows:
        found[a.system_id][a.role] = a
    return found


def roles_in(system: System, today: dt.date | None = None) -> QuerySet[RoleAssignment]:
    """Every current leadership role in the system, vacancies included."""
    return (
        RoleAssignment.objects.current(today)
        .filter(
            Q(system=system)
            | Q(place__system=system)
            | Q(partnership__system=system)
            | Q(organisation__footprints__system=system)
        )
        .select_related("person", "place", "partnership", "organisation", "system")
        .distinct()
        .order_by("role", "start_date")
    )


def vacancies(systems: Iterable[System], today: dt.date | None = None) -> QuerySet[RoleAssignment]:
    """Vacant or recruiting roles of these systems, their places and partnerships."""
    systems = list(systems)
    return (
        RoleAssignment.objects.current(today)
        .filter(
            Q(system__in=systems)
            | Q(place__system__in=systems)
            | Q(partnership__system__in=systems),
            status__in=[AssignmentStatus.VACANT, AssignmentStatus.RECRUITING],
        )
        .select_related("system", "place", "partnership")
    )


def dual_hatted_ids(today: dt.date | None = None) -> set[int]:
    """People who lead a commissioner and, at the same time, the system or an ICP."""
    current = RoleAssignment.objects.current(today).exclude(person=None)
    commissioners = set(
        current.filter(role__in=COMMISSIONER_LEAD_ROLES).values_list("person_id", flat=True)
    ) | set(
        current.filter(role=RoleKind.CHIEF_EXECUTIVE, organisation__kind="icb").values_list(
            "person_id", flat=True
        )
    )
    leaders = set(
        current.filter(role__in=SYSTEM_OR_ICP_LEAD_ROLES).values_list("person_id", flat=True)
    )
    return commissioners & leaders


def leadership_register(system: System) -> dict:
    """Everything the system's leadership register shows."""
    return {
        "leaders": leadership(system),
        "roles": roles_in(system),
        "dual_hatted": dual_hatted_ids(),
        "vacancies": vacancies([system]),
    }


@dataclass
class Stability:
    systems: int
    stable: int
    with_chair: int
    chair_recruiting: int
    percent_stable: float | None


def stability(systems: Iterable[System], today: dt.date | None = None) -> Stability:
    """Share of systems whose lead was the same person six months ago and today."""
    today = today or dt.date.today()
    before = today - dt.timedelta(days=STABILITY_WINDOW_DAYS)
    total = stable = chairs = recruiting = 0
    for system in systems:
        total += 1
        now, then = (
            holder_on(system, RoleKind.ICS_LEAD, today),
            holder_on(system, RoleKind.ICS_LEAD, before),
        )
        if now and then and now.person_id and now.person_id == then.person_id:
            stable += 1
        chair = holder_on(system, RoleKind.ICS_CHAIR, today)
        if chair and chair.person_id:
            chairs += 1
        elif chair and chair.status == AssignmentStatus.RECRUITING:
            recruiting += 1
    percent = round(100 * stable / total, 1) if total else None
    return Stability(total, stable, chairs, recruiting, percent)


def region(code: str) -> Region:
    return get_object_or_404(Region, code=code)


def region_leadership(found: Region) -> dict:
    """Leadership stability, chairs, vacancies and dual-hatting across a region's systems."""
    systems = list(found.systems.all())
    return {
        "stability": stability(systems),
        "rows": [(s, leadership(s)) for s in systems],
        "vacancies": vacancies(systems),
    }


# --- Integrated care partnerships (S3) ----------------------------------------------------------
@dataclass
class ICPRow:
    partnership: Partnership
    population: int | None
    in_range: bool | None
    members: list[Organisation]


def icps(system: System) -> list[ICPRow]:
    """Place-level ICPs with whether each place's population is inside the configured range."""
    current_members = PartnershipMember.objects.current().select_related("organisation")
    found = (
        system.partnerships.filter(kind=PartnershipKind.ICP)
        .select_related("place")
        .prefetch_related(Prefetch("members", queryset=current_members))
    )
    return [
        ICPRow(
            p,
            p.place.population if p.place else system.population,
            place_in_range(p.place.population) if p.place else None,
            [m.organisation for m in p.members.all()],
        )
        for p in found
    ]


def other_partnerships(system: System) -> QuerySet[Partnership]:
    """Partnerships that are not ICPs (provider collaboratives, alliances)."""
    return system.partnerships.exclude(kind=PartnershipKind.ICP)


def organisation_names(codes: set[str]) -> dict[str, str]:
    """ODS code -> name of the organisations named (those unknown here are left out)."""
    found = Organisation.objects.filter(ods_code__in=sorted(codes))
    return dict(found.values_list("ods_code", "name"))


def practice_areas(system: System, on: dt.date | None = None) -> dict[str, tuple[str, str]]:
    """(place code, neighbourhood code) of each of the system's GP practices by ODS code, on
    ``on`` (today): the one map from practices to the areas they serve, for the apps that send
    practices to the population platform and read results back by place or neighbourhood."""
    rows = (
        Footprint.objects.filter(system=system, organisation__kind=OrganisationKind.GP_PRACTICE)
        .current(on or dt.date.today())
        .exclude(neighbourhood=None)
        .values_list("organisation__ods_code", "neighbourhood__place__code", "neighbourhood__code")
    )
    return {ods: (place, hood) for ods, place, hood in sorted(rows)}


def practice_places(system: System, on: dt.date | None = None) -> dict[str, str]:
    """The place code of each of the system's GP practices (by ODS code), on ``on`` (today)."""
    return {ods: place for ods, (place, _) in practice_areas(system, on).items()}
