"""Who may open a person's shared record, and what of it they see (DESIGN.md, information
governance).

A record is shown only for direct care, to a user whose organisation has a **legitimate
relationship** with the person, found in this order:

1. the person is registered with the user's practice (``registered``);
2. or with a practice in the user's primary care network (``pcn``);
3. the user's organisation has an open episode: an encounter of its own still in progress, or
   any of its encounters within :data:`EPISODE_DAYS` of the store's extract date (``episode``);
4. the user is in the person's care team (``care_team``);
5. an open referral of the person to the user's organisation (``referral``);

or through a live **break-glass** the user made for that person (``break_glass``). Then two
filters apply to every entry: a person's objection to sharing withholds what other organisations
recorded (break-glass for an emergency lifts it), and a sensitive entry (sexual health,
fertility, gender identity, safeguarding) is withheld unless the viewer's organisation recorded
it — break-glass never lifts that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from engineroom.accounts.permissions import ROLES, Permission
from engineroom.accounts.rules import has_permission, memberships
from engineroom.record.models import BreakGlass, BreakGlassReason, CareTeamMember, Referral
from engineroom.system.models import Organisation, OrganisationKind, System

EPISODE_DAYS = 90  # a contact within 90 days of the extract keeps an episode open
BREAK_GLASS_HOURS = 4  # a break-glass lasts a shift's part, then must be made again
MEDICATION_DAYS = 365  # medicines issued within a year are "current" on the summary
SENSITIVE = {
    "sexual_health": "sexual health",
    "fertility": "fertility",
    "gender_identity": "gender identity",
    "safeguarding": "safeguarding",
}
BASIS_WORDS = {
    "registered": "The person is registered with your practice",
    "pcn": "The person is registered with a practice in your primary care network",
    "episode": "Your organisation has an open episode of care with the person",
    "care_team": "You are in the person's care team",
    "referral": "The person has an open referral to your organisation",
    "break_glass": "Break-glass access you made",
    "own_record": "This is your own record",
}


@dataclass(frozen=True)
class Basis:
    """Why a record may be shown: the kind of relationship and the organisation it runs through."""

    kind: str
    organisation: Organisation | None
    break_glass: BreakGlass | None = None

    @property
    def words(self) -> str:
        found = BASIS_WORDS[self.kind]
        if self.break_glass is not None:
            until = timezone.localtime(self.break_glass.expires_at)
            return f"{found}: {self.break_glass.get_reason_display()}, until {until:%H:%M}"
        return found

    @property
    def emergency(self) -> bool:
        """Break-glass for an emergency: the one thing that lifts a person's objection."""
        bg = self.break_glass
        return bg is not None and bg.reason == BreakGlassReason.EMERGENCY


def record_organisations(user, system: System) -> list[Organisation]:
    """The user's organisations through which they may open records in ``system``: each
    organisation membership holding ``record.view`` there."""
    found: dict[int, Organisation] = {}
    for m in memberships(user):
        org = m.organisation
        if org is None or Permission.RECORD_VIEW not in ROLES[m.role].permissions:
            continue
        if has_permission(
            user, Permission.RECORD_VIEW, system=system, organisation=org, own_organisation=True
        ):
            found[org.pk] = org
    return sorted(found.values(), key=lambda o: o.ods_code)


def relationship(user, system: System, person, *, on: dt.date) -> Basis | None:
    """The first legitimate relationship the user has with ``person`` (a PersonRecord), through
    one of their record organisations, on the store's extract date ``on``; None if none."""
    organisations = record_organisations(user, system)
    for org in organisations:
        found = _through(org, person, on)
        if found:
            return Basis(found, org)
    for org in organisations:
        if _care_team(user, org, person.nhs_number):
            return Basis("care_team", org)
        if _referred(org, person.nhs_number):
            return Basis("referral", org)
    return None


def _through(org: Organisation, person, on: dt.date) -> str | None:
    practice = person.registered_practice
    if org.kind == OrganisationKind.GP_PRACTICE and org.ods_code == practice:
        return "registered"
    pcn = org if org.kind == OrganisationKind.PCN else None
    if org.kind == OrganisationKind.GP_PRACTICE and org.parent_id:
        pcn = org.parent if org.parent.kind == OrganisationKind.PCN else None
    if pcn is not None and pcn.children.filter(ods_code=practice).exists():
        return "pcn"
    if open_episode(person.document.get("entries", []), org.ods_code, on):
        return "episode"
    return None


def open_episode(entries: list[dict], ods: str, on: dt.date) -> bool:
    """An encounter recorded by ``ods`` still in progress, or dated within EPISODE_DAYS."""
    since = (on - dt.timedelta(days=EPISODE_DAYS)).isoformat()
    for entry in entries:
        if entry.get("kind") != "encounter" or entry.get("source") != ods:
            continue
        if entry.get("status") == "in-progress" or entry.get("date", "") >= since:
            return True
    return False


def _care_team(user, org: Organisation, nhs_number: str) -> bool:
    today = timezone.localdate()
    members = CareTeamMember.objects.filter(
        nhs_number=nhs_number, user=user, organisation=org, start__lte=today
    )
    return members.exclude(end__lt=today).exists()


def _referred(org: Organisation, nhs_number: str) -> bool:
    referrals = Referral.objects.filter(nhs_number=nhs_number, to_organisation=org)
    return referrals.filter(closed_on__isnull=True).exists()


def live_break_glass(user, nhs_number: str) -> BreakGlass | None:
    """The user's break-glass for this person that has not expired, newest first."""
    live = BreakGlass.objects.filter(
        user=user, nhs_number=nhs_number, expires_at__gt=timezone.now()
    ).select_related("organisation")
    return live.order_by("-started_at").first()


def break_glass_expiry(started: dt.datetime) -> dt.datetime:
    return started + dt.timedelta(hours=BREAK_GLASS_HOURS)


def visible(
    entries: list[dict], *, viewer_ods: set[str], objection: bool, emergency: bool
) -> tuple[list[dict], dict[str, int]]:
    """The entries a viewer from ``viewer_ods`` may see, and the withheld ones counted by reason
    (``objection``, ``sensitive:<category>``)."""
    shown, withheld = [], {}
    for entry in entries:
        ours = entry.get("source") in viewer_ods
        if entry.get("sensitive") and not ours:
            why = f"sensitive:{entry['sensitive']}"
        elif objection and not ours and not emergency:
            why = "objection"
        else:
            shown.append(entry)
            continue
        withheld[why] = withheld.get(why, 0) + 1
    return shown, withheld


def summary(entries: list[dict], *, on: dt.date) -> dict[str, list[dict]]:
    """Problems (active conditions, one per code), current medications (issued within
    MEDICATION_DAYS, latest issue per code), allergies and alerts (ongoing), newest first."""
    since = (on - dt.timedelta(days=MEDICATION_DAYS)).isoformat()
    found: dict[str, list[dict]] = {
        k: [] for k in ("problems", "medications", "allergies", "alerts")
    }
    seen: set[tuple[str, str]] = set()
    for entry in entries:  # newest first: the first of each code is its latest
        part = _summary_part(entry, since)
        key = (part or "", f"{entry.get('system')}|{entry.get('code')}")
        if part is None or key in seen:
            continue
        seen.add(key)
        found[part].append(entry)
    return found


def _summary_part(entry: dict, since: str) -> str | None:
    kind = entry.get("kind")
    if kind == "condition":
        return "problems"
    if kind == "medication":
        return "medications" if entry.get("date", "") >= since else None
    if kind == "allergy":
        return "allergies"
    if kind == "alert" and not entry.get("end"):
        return "alerts"
    return None
