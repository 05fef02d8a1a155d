"""Fictional governance for the demo region, from ``data/governance/``: the main system's bodies,
members, delegations, a year of meetings, decisions with sovereign ratification and a register
of interests (``main_system.yaml``); a partnership board and executive for the others
(``other_systems.yaml``).

Idempotent: a system that already has bodies is left alone. Written with the ORM directly (no
audit entries): generating a demo is not a user's action.
"""

from __future__ import annotations

import datetime as dt
import html
import random

from django.db import transaction
from django.utils import timezone

from engineroom.demo import files
from engineroom.demo import governance_text as text
from engineroom.demo.structure import main_system_code
from engineroom.governance.models import (
    AgendaItem,
    AnnualReturn,
    Attendance,
    Body,
    Decision,
    Declaration,
    Delegation,
    Interest,
    ItemMinute,
    Meeting,
    Member,
    Paper,
    PartnerDecision,
    PartnerDecisionKind,
    Purpose,
)
from engineroom.system.models import Organisation, Person, Place, System
from engineroom.web.periods import financial_year_of

POUND = 100
BODY_FIELDS = (
    "cadence",
    "independent_chair",
    "quorum_minimum",
    "quorum_each_party",
    "decision_mode",
    "level",
)


def _common() -> dict:
    return files.load("governance/common.yaml")


class _Gen:
    def __init__(self, system: System, seed: int, world: dict):
        self.system = system
        self.world = world
        self.rng = random.Random(seed)
        self.today = dt.date.today()
        self.people: dict[str, Person] = {}
        self.orgs = {
            o.ods_code: o for o in Organisation.objects.filter(footprints__system=system).distinct()
        }
        icb = next(o for o in self.orgs.values() if o.kind == "icb")
        self.names = {
            "icb": icb.ods_code,
            "system": system.name.split(" (")[0].removesuffix(" ICS"),
        }
        self.places = list(system.places.order_by("name"))
        self.bodies: dict[str, Body] = {}
        self.counts: dict[str, int] = {}

    def count(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1

    def person(self, key: str) -> Person:
        if key not in self.people:
            ref = f"gov-{self.system.code[:6]}-{len(self.people) + 1:03d}"
            name = files.full_name(self.rng)
            self.people[key], _ = Person.objects.get_or_create(ref=ref, defaults={"name": name})
            self.count("people")
        return self.people[key]

    def org(self, code: str | None) -> Organisation | None:
        return self.orgs.get(code) if code else None

    def ago(self, days: int | None) -> dt.date | None:
        return files.days_ago(days, self.today)

    def entries(self, section: str):
        """``(entry, place)`` for each entry of a section: once, or once per place it names."""
        for entry in self.world.get(section, []):
            if "places" not in entry:
                yield files.fill(entry, self.names), None
                continue
            chosen = range(len(self.places)) if entry["places"] == "all" else entry["places"]
            for index in chosen:
                place = self.places[index]
                yield files.fill(entry, self.names | self.place_names(index, place)), place

    def place_names_of(self, place: Place) -> dict[str, str]:
        return self.place_names(self.places.index(place), place)

    def place_names(self, index: int, place: Place) -> dict[str, str]:
        councils, county = self.world["place_councils"], self.world["county_council"]
        council = councils[index] if index < len(councils) else county
        hood = place.neighbourhoods.order_by("name").first()
        return {
            "place": place.code.split("-")[-1],
            "place_code": place.code,
            "place_name": place.name,
            "council": council if council in self.orgs else county,
            "hood": hood.code.split("-")[-1],
            "hood_name": hood.name,
        }


def _bodies(g: _Gen) -> None:
    """Every body in order, then its members in the same order (S4, S6)."""
    made = []
    for spec, place in g.entries("bodies"):
        body = Body.objects.create(
            system=g.system,
            code=spec["code"],
            name=spec["name"],
            kind=spec["kind"],
            reports_to=g.bodies.get(spec.get("reports_to")),
            place=place,
            neighbourhood=place.neighbourhoods.order_by("name").first()
            if spec.get("neighbourhood") == "first"
            else None,
            terms_of_reference=text.terms(
                spec, g.names | (g.place_names_of(place) if place else {})
            ),
            terms_published=spec.get("terms_published", True),
            **{f: spec[f] for f in BODY_FIELDS if f in spec},
        )
        if "parties" in spec:
            body.parties.set([g.orgs[code] for code in spec["parties"]])
        g.bodies[body.code] = body
        g.count("bodies")
        made.append((body, spec))
    for body, spec in made:
        for seat in spec.get("members", []):
            _seat(g, body, seat)


def _seat(g: _Gen, body: Body, seat: dict) -> None:
    Member.objects.create(
        body=body,
        person=g.person(seat["person"]),
        organisation=g.org(seat.get("org")),
        role=seat.get("role", "member"),
        voting=seat.get("voting", True),
        start_date=g.ago(_common()["members_since_days"]),
    )
    g.count("members")


def _delegations(g: _Gen) -> None:
    """The scheme of delegation (S7): each body's limit for each category of decision."""
    for spec, _ in g.entries("delegations"):
        by = g.bodies.get(spec.get("by"))
        source = _common()["delegated_by"].format(body=by.name) if by else ""
        categories = spec["categories"]
        for category in _common()["categories"] if categories == "all" else categories:
            Delegation.objects.create(
                body=g.bodies[spec["body"]],
                category=category,
                limit_pence=spec["limit_pounds"] * POUND,
                delegated_by=by,
                source_organisation=g.org(spec.get("org")),
                source=spec.get("source") or source or _common()["delegation_source"],
                requires_ratification=spec.get("ratify", True),
                start_date=g.ago(_common()["delegations_since_days"]),
            )
            g.count("delegations")


def _meetings(g: _Gen) -> None:
    """Meetings at each body's cadence from eleven months ago to two months ahead."""
    for spec, _ in g.entries("meetings"):
        body = g.bodies[spec["body"]]
        step = _common()["meeting_every_days"].get(body.cadence, 91)
        members = list(body.members.select_related("person"))
        start, k = g.today - dt.timedelta(days=330), 0
        while start + dt.timedelta(days=step * k) <= g.today + dt.timedelta(days=60):
            day = files.working_day(start + dt.timedelta(days=step * k))
            words = text.words(day, body.name, g.names["system"], body.place and body.place.name)
            meeting = _meeting(g, body, day, text.general_minutes(k, words))
            for number, title in enumerate(spec["items"], start=1):
                orgs = spec.get("organisations", {}).get(title, [])
                item_text = (title, text.item(title, k, words), len(spec["items"]))
                _item(g, meeting, number, item_text, orgs)
            if day < g.today:
                _held(g, meeting, members, text.item(spec["items"][0], k, words))
            k += 1


def _meeting(g: _Gen, body: Body, day: dt.date, notes: str) -> Meeting:
    past, age = day < g.today, (g.today - day).days
    minutes = "published" if age > 60 else "approved" if age > 30 else "draft"
    at = dt.time.fromisoformat(_common()["meeting_times"].get(body.kind, "14:00"))
    meeting = Meeting.objects.create(
        body=body,
        starts_at=timezone.make_aware(dt.datetime.combine(day, at)),
        location=_common()["meeting"]["location"],
        status="held" if past else "scheduled",
        notes=notes if past else "",
        minutes_status=minutes if past else "none",
        minutes_approved_on=day + dt.timedelta(days=28) if past and age > 30 else None,
        minutes_published_on=day + dt.timedelta(days=35) if past and age > 60 else None,
    )
    g.count("meetings")
    return meeting


def _item(g: _Gen, meeting: Meeting, number: int, item_text: tuple, orgs: list) -> None:
    """Item 2 is the key decision; the last of more than two is confidential (Part 2). A held
    meeting's items are minuted; a Part 2 item's minutes hold its confidential discussion."""
    title, written, of = item_text
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        title=title,
        purpose=Purpose.DECISION if number == 2 else Purpose.ASSURANCE,
        confidential=number == of and number > 2,
        key_decision=number == 2,
        notice_given_on=meeting.starts_at.date() - dt.timedelta(days=35 if number == 2 else 10),
    )
    if orgs:
        item.organisations.set([g.orgs[code] for code in orgs])
    Paper.objects.create(
        item=item,
        title=_common()["meeting"]["paper_title"].format(number=number, title=title),
        html=f"<p>{html.escape(written['paper'])}</p>",
        confidential=item.confidential,
        published=not item.confidential,
    )
    g.count("agenda_items")
    if meeting.status == "held":
        ItemMinute.objects.create(
            item=item, discussion=written["discussion"], resolved=written["resolved"]
        )
        g.count("item_minutes")


def _held(g: _Gen, meeting: Meeting, members: list[Member], first_item: dict) -> None:
    """Who came (85% attend), and an action on the first item, done if it was long ago."""
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=seat.person,
            status="present" if g.rng.random() < 0.85 else "apologies",
        )
        for seat in members
    )
    if not members:
        return
    day = meeting.starts_at.date()
    done = (g.today - day).days > 90
    meeting.actions.create(
        description=first_item["action"],
        owner=members[0].person,
        due_on=day + dt.timedelta(days=45),
        status="done" if done else "open",
        completed_on=day + dt.timedelta(days=40) if done else None,
    )
    g.count("actions")


def _interests(g: _Gen) -> None:
    """The register of interests, nil annual returns and the S8 conflict on an agenda."""
    declared = []
    for spec, _ in g.entries("interests"):
        org = g.org(spec.get("organisation"))
        fields = ("kind", "description", "mitigation", "publish", "withheld_reason")
        interest = Interest.objects.create(
            person=g.person(spec["person"]),
            system=g.system,
            organisation=org,
            counterparty=spec.get("counterparty") or org.name,
            start_date=g.ago(spec["start"]),
            declared_on=g.ago(spec["declared"]),
            **({"value_pence": spec["value_pounds"] * POUND} if "value_pounds" in spec else {}),
            **{f: spec[f] for f in fields if f in spec},
        )
        g.count("interests")
        if "declared_at" in spec:
            declared.append((interest, spec["declared_at"]))
    returns = g.world["annual_returns"]
    for key in returns["people"]:
        AnnualReturn.objects.create(
            person=g.person(key),
            system=g.system,
            year=financial_year_of(g.today),
            submitted_on=g.ago(returns["submitted"]),
            nil=True,
        )
    for interest, at in declared:
        _declare(g, interest, at)


def _declare(g: _Gen, interest: Interest, at: dict) -> None:
    """The interest declared on an item of the body's last meeting held, the person present."""
    held = Meeting.objects.filter(body=g.bodies[at["body"]], status="held")
    meeting = held.order_by("starts_at").last()
    Attendance.objects.update_or_create(
        meeting=meeting, person=interest.person, defaults={"status": "present"}
    )
    Declaration.objects.create(
        item=meeting.items.get(number=at["item"]),
        person=interest.person,
        interest=interest,
        action=interest.mitigation,
    )


def _decisions(g: _Gen) -> None:
    """Decisions in every state (S5, S6), each partner's own decision alongside."""
    dates = {"agreed": "agreed_on", "effective": "effective_on", "closed": "closed_on"}
    for spec, _ in g.entries("decisions"):
        body, value = g.bodies[spec["body"]], spec["value_pounds"] * POUND
        delegations = Delegation.objects.filter(
            body=body, category=spec["category"], limit_pence__gte=value
        )
        decision = Decision.objects.create(
            body=body,
            reference=spec["reference"],
            title=spec["title"],
            summary=spec["summary"],
            category=spec["category"],
            value_pence=value,
            delegation=delegations.order_by("limit_pence").first(),
            status=spec["status"],
            proposed_on=g.ago(spec["proposed"]),
            **{field: g.ago(spec[key]) for key, field in dates.items() if key in spec},
            **{key: spec[key] for key in ("confidential", "outcome_note") if key in spec},
        )
        decision.organisations.set([g.orgs[c] for c in spec.get("organisations", [])])
        _partners(g, decision, spec)
        g.count("decisions")


def _partners(g: _Gen, decision: Decision, spec: dict) -> None:
    kind = spec.get("kind", PartnerDecisionKind.RATIFICATION)
    for code, (outcome, days_ago, *note) in spec.get("partners", {}).items():
        PartnerDecision.objects.create(
            decision=decision,
            organisation=g.orgs[code],
            kind=kind,
            outcome=outcome,
            decided_on=g.ago(days_ago) if days_ago else None,
            note=note[0] if note else "",
        )


def _world(g: _Gen) -> None:
    _bodies(g)
    _delegations(g)
    _meetings(g)
    if "interests" in g.world:
        _interests(g)
    _decisions(g)


def generate(*, seed: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for system in System.objects.order_by("code"):
        if Body.objects.filter(system=system).exists():
            continue
        main = system.code == main_system_code()
        world = files.load(f"governance/{'main_system' if main else 'other_systems'}.yaml")
        with transaction.atomic():
            g = _Gen(system, seed, world)
            _world(g)
        for k, v in g.counts.items():
            counts[f"governance.{k}"] = counts.get(f"governance.{k}", 0) + v
    return counts
