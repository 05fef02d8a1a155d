"""Reading the shared care record: finding people, opening one record, and who looked.

Every read of a person is direct care and audited (``record.searched``, ``record.viewed``,
``record.viewed_refused``) with the person's NHS number in ``details["nhs_numbers"]``, so the
person's own page (:func:`views_of`) shows it. The same functions serve the web pages and the
FHIR API (``channel``), so both keep exactly the same rules (:mod:`engineroom.record.rules`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from engineroom.accounts.models import Membership
from engineroom.accounts.permissions import ROLES, Permission
from engineroom.accounts.rules import has_permission, memberships
from engineroom.audit import actions as audit
from engineroom.audit import queries as audit_queries
from engineroom.audit.fhir import PURPOSES, purpose
from engineroom.record import rules
from engineroom.record.models import (
    BreakGlass,
    BreakGlassReason,
    LoadStatus,
    PatientAccount,
    PersonRecord,
    RecordLoad,
    SharingObjection,
)
from engineroom.system import queries as system_queries
from engineroom.system.models import Organisation, System

FOUND_LIMIT = 50  # people a search lists; narrow the search for more


class Refused(PermissionDenied):
    """A record the user may not open, after the refusal was audited. ``can_break_glass``: the
    user may break the glass; ``emergency_only``: only for an emergency (an objection stands)."""

    def __init__(self, reason: str, *, can_break_glass: bool = False, emergency_only=False):
        super().__init__(reason)
        self.reason = reason
        self.can_break_glass = can_break_glass
        self.emergency_only = emergency_only


@dataclass
class Opened:
    """One record as a viewer may see it."""

    person: PersonRecord
    entries: list[dict]
    basis: rules.Basis
    on: dt.date
    objection: bool = False
    withheld: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, list[dict]]:
        return rules.summary(self.entries, on=self.on)


def current_load() -> RecordLoad | None:
    return RecordLoad.objects.filter(status=LoadStatus.CURRENT).first()


def extract_date(load: RecordLoad | None) -> dt.date:
    """The date the record is as of: the load's extract date, else today."""
    return (load.extract_date if load else None) or timezone.localdate()


def person(nhs_number: str) -> PersonRecord | None:
    """The current load's record of one person (None if the store has no such person).

    One query joining the load: a swap between reading the current load and its row cannot
    make a record go missing."""
    current = PersonRecord.objects.select_related("load").filter(load__status=LoadStatus.CURRENT)
    return current.filter(nhs_number=nhs_number).first()


def find(
    user,
    system: System,
    *,
    nhs_number: str = "",
    family: str = "",
    given: str = "",
    birth_date: dt.date | None = None,
    gender: str = "",
) -> list[PersonRecord]:
    """People matching an NHS number, or a family name with a date of birth (given name and
    gender narrow it). Demographics only; audited as ``record.searched``."""
    _require_record_view(user, system, "record.searched_refused", None)
    if not nhs_number and not (family and birth_date):
        raise ValueError("Search by NHS number, or by family name with date of birth.")
    found = PersonRecord.objects.filter(load__status=LoadStatus.CURRENT).defer("document")
    if nhs_number:
        found = found.filter(nhs_number=nhs_number)
    if family:
        found = found.filter(family_key=family.strip().casefold(), birth_date=birth_date)
    if given:
        found = found.filter(given_name__iexact=given.strip())
    if gender:
        found = found.filter(sex=gender)
    people = list(found.order_by("family_key", "given_name", "nhs_number")[:FOUND_LIMIT])
    criteria = {"nhs_number": nhs_number, "family": family, "given": given, "gender": gender}
    audit.record(
        "record.searched",
        f"record.search:{system.code}",
        by=user,
        reason="direct care: finding a person's shared record",
        details={
            "nhs_numbers": [p.nhs_number for p in people],
            "criteria": {k: v for k, v in criteria.items() if v} | _born(birth_date),
            "found": len(people),
            **_acting(user, system),
        },
    )
    return people


def _born(birth_date: dt.date | None) -> dict:
    return {"birth_date": birth_date.isoformat()} if birth_date else {}


def open_record(user, system: System, nhs_number: str, *, channel: str = "web") -> Opened:
    """One person's record as this user may see it, audited; :class:`Refused` (audited) if they
    have no legitimate relationship and no live break-glass, Http404 if there is no such person."""
    if not (len(nhs_number) == 10 and nhs_number.isascii() and nhs_number.isdigit()):
        raise Http404("Not an NHS number.")  # nobody's: nothing to audit against a person
    _require_record_view(user, system, "record.viewed_refused", nhs_number, channel)
    found = person(nhs_number)
    if found is None:
        _refuse(user, system, nhs_number, channel, "There is no shared record for that NHS number.")
        raise Http404("There is no shared record for that NHS number.")
    on = extract_date(found.load)
    objection = objection_in_force(nhs_number) is not None
    basis = _basis(user, system, found, on, objection)
    if basis is None:
        _refused_without_basis(user, system, nhs_number, channel, objection)
    entries, withheld = rules.visible(
        found.document.get("entries", []),
        viewer_ods={basis.organisation.ods_code},
        objection=objection,
        emergency=basis.emergency,
    )
    opened = Opened(found, entries, basis, on, objection, withheld)
    _audit_view(user, system, opened, channel)
    return opened


def _basis(user, system, found: PersonRecord, on, objection: bool) -> rules.Basis | None:
    """The relationship, or a live break-glass (which also lifts an objection when it was made
    for an emergency)."""
    basis = rules.relationship(user, system, found, on=on)
    if basis is not None and not objection:
        return basis
    glass = rules.live_break_glass(user, found.nhs_number)
    usable = glass is not None and glass.organisation in rules.record_organisations(user, system)
    emergency = usable and glass.reason == BreakGlassReason.EMERGENCY
    if emergency or (usable and basis is None and not objection):
        return rules.Basis("break_glass", glass.organisation, glass)
    return basis


def _refused_without_basis(user, system, nhs_number, channel, objection: bool):
    if not rules.record_organisations(user, system):
        reason = "Your account is not linked to an organisation that may open records here."
        _refuse(user, system, nhs_number, channel, reason)
        raise Refused(reason)
    reason = (
        "You have no legitimate relationship with this person: they are not registered with "
        "your practice or PCN, your organisation has no open episode or referral, and you are "
        "not in their care team."
    )
    if objection:
        reason += (
            " The person has objected to sharing their record: break-glass is for emergencies only."
        )
    _refuse(user, system, nhs_number, channel, reason)
    raise Refused(reason, can_break_glass=True, emergency_only=objection)


def _require_record_view(user, system, event, nhs_number, channel="web") -> None:
    if has_permission(user, Permission.RECORD_VIEW, system=system):
        return
    reason = f"You do not have {Permission.RECORD_VIEW.value} in {system}."
    audit.record(
        event,
        f"record.person:{nhs_number}" if nhs_number else f"record.search:{system.code}",
        by=user,
        reason=reason,
        details={"nhs_numbers": [nhs_number] if nhs_number else [], "channel": channel},
    )
    raise Refused(reason)


def _refuse(user, system, nhs_number, channel, reason) -> None:
    audit.record(
        "record.viewed_refused",
        f"record.person:{nhs_number}",
        by=user,
        reason=reason,
        details={"nhs_numbers": [nhs_number], "channel": channel, **_acting(user, system)},
    )


def _acting(user, system: System, organisation: Organisation | None = None) -> dict:
    """The organisation and role a user acts in (for the audit and the person's page)."""
    orgs = [organisation] if organisation else rules.record_organisations(user, system)
    for m in memberships(user):
        if orgs and m.organisation_id == orgs[0].pk:
            return {
                "organisation": orgs[0].ods_code,
                "role": ROLES[m.role].name,
                "system": system.code,
            }
    return {"organisation": "", "role": "", "system": system.code}


def _audit_view(user, system, opened: Opened, channel: str) -> None:
    basis = opened.basis
    glass = basis.break_glass
    reason = (
        f"break-glass: {glass.get_reason_display()}: {glass.explanation}"
        if glass
        else f"direct care: {basis.words}"
    )
    audit.record(
        "record.viewed",
        f"record.person:{opened.person.nhs_number}",
        by=user,
        reason=reason,
        details={
            "nhs_numbers": [opened.person.nhs_number],
            "channel": channel,
            "basis": basis.kind,
            "withheld": opened.withheld,
            **_acting(user, system, basis.organisation),
        },
    )


def patient_record(account: PatientAccount, *, channel: str = "web") -> Opened | None:
    """A person's own record, all of it (their objection is about others); audited."""
    found = person(account.nhs_number)
    if found is None:
        return None
    basis = rules.Basis("own_record", None)
    opened = Opened(found, found.document.get("entries", []), basis, extract_date(found.load))
    opened.objection = objection_in_force(account.nhs_number) is not None
    audit.record(
        "record.viewed",
        f"record.person:{account.nhs_number}",
        by=account.user,
        reason="own record: the person looked at their own record",
        details={"nhs_numbers": [account.nhs_number], "basis": "own_record", "channel": channel},
    )
    return opened


def objection_in_force(nhs_number: str) -> SharingObjection | None:
    found = SharingObjection.objects.filter(nhs_number=nhs_number, withdrawn_at__isnull=True)
    return found.order_by("-registered_at").first()


def objections(nhs_number: str) -> list[SharingObjection]:
    """Every objection the person registered, in force or withdrawn, oldest first."""
    return list(SharingObjection.objects.filter(nhs_number=nhs_number).order_by("registered_at"))


def views_of(nhs_number: str) -> list[dict]:
    """Who looked at (or was refused, or found in a search) this person's record, newest first:
    when, who, organisation, role, purpose, and whether it was break-glass or refused."""
    names = dict(Organisation.objects.values_list("ods_code", "name"))
    return [_view(event, names) for event in audit_queries.about_person(nhs_number)]


ACTIVITY = {
    "record.viewed": "Opened the record",
    "record.viewed_refused": "Tried to open the record and was refused",
    "record.searched": "Found the person in a search",
    "record.break_glass_opened": "Broke the glass to open the record",
    "record.break_glass_reviewed": "Reviewed a break-glass access to the record",
    "record.break_glass_review_viewed": "Saw a break-glass access on the Caldicott review list",
    "record.objection_added": "Registered an objection to sharing",
    "record.objection_withdrawn": "Withdrew the objection to sharing",
    "record.care_team_added": "Added someone to the care team",
    "record.referral_added": "Referred the person to another organisation",
    "record.patient_account_opened": "Opened the person's own account",
}
SEEN = "Saw the person's details"  # any other identifiable page: a worklist, a download


def _view(event, names: dict[str, str]) -> dict:
    ods = event.details.get("organisation") or ""
    why = purpose(event)
    return {
        "at": event.at,
        "who": event.actor_name,
        "organisation": names.get(ods, ods),
        "role": event.details.get("role") or "",
        "purpose": PURPOSES[why],
        "activity": _activity(event.action),
        "channel": event.details.get("channel") or "web",
        "break_glass": why == "ETREAT",
        "refused": event.action.endswith("_refused"),
        "own": event.details.get("basis") == "own_record",
    }


def _activity(action: str) -> str:
    if action in ACTIVITY:
        return ACTIVITY[action]
    if "worklist" in action:
        return "Saw the person on a worklist" + (
            " (refused)" if action.endswith("_refused") else ""
        )
    return SEEN


def _reviewing(user) -> list[Organisation]:
    """The organisations where the user is Caldicott Guardian."""
    return [
        m.organisation
        for m in memberships(user)
        if m.organisation is not None and Permission.RECORD_REVIEW in ROLES[m.role].permissions
    ]


def break_glasses_to_review(user) -> list[BreakGlass]:
    """Break-glass uses by staff of the organisations where ``user`` is Caldicott Guardian:
    unreviewed first, then newest."""
    found = BreakGlass.objects.filter(organisation__in=_reviewing(user)).select_related(
        "user", "organisation", "reviewed_by"
    )
    shown = sorted(found, key=lambda b: (b.reviewed_at is not None, -b.started_at.timestamp()))
    audit.record(
        "record.break_glass_review_viewed",
        "record.break_glass_review",
        by=user,
        reason="Caldicott Guardian review of break-glass access",
        details={"nhs_numbers": sorted({b.nhs_number for b in shown})},
    )
    return shown


def break_glass_for_review(user, pk: int) -> BreakGlass:
    """One break-glass the user reviews as Caldicott Guardian of its organisation (404 else)."""
    orgs = _reviewing(user)
    found = BreakGlass.objects.filter(pk=pk, organisation__in=orgs).select_related("user")
    glass = found.first()
    if glass is None:
        raise Http404("No such break-glass to review.")
    return glass


def colleagues(user, system):
    """Memberships through which others may open records in ``system`` (any of its
    organisations: a district nurse joins a GP's patient's care team): whom a clinician can add
    to a person's care team, each with the organisation they would act for."""
    roles = [key for key, role in ROLES.items() if Permission.RECORD_VIEW in role.permissions]
    found = Membership.objects.filter(
        role__in=roles,
        organisation__in=system_queries.organisations(system),
        user__is_active=True,
    )
    found = found.exclude(user=user).select_related("user", "organisation")
    return found.order_by("user__full_name", "user__username", "organisation__name")
