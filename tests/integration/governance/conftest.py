"""A small governance world in the test ``system``, built with factories.

The Berkshire West shape in miniature: a leadership group delegated everything by the ICB, an
executive reporting to it, a finance group and a place board under the executive, a neighbourhood
team under the place, a joint committee, committees in common and two external statutory bodies.
The executive has a held meeting (a public item and a Part 2 item, papers, actions, and
published minutes whose Part 2 minutes are kept back) and a scheduled one where a member's
financial interest in a provider meets an item about it (S8).
Decisions stand in every state, one waiting on a single partner's board (S5).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from engineroom.governance.models import Category
from factories.governance import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    BodyFactory,
    DecisionFactory,
    DelegationFactory,
    InterestFactory,
    ItemMinuteFactory,
    MeetingFactory,
    MemberFactory,
    PaperFactory,
    PartnerDecisionFactory,
)
from factories.system import (
    NeighbourhoodFactory,
    PersonFactory,
    PlaceFactory,
    organisation_in,
)

M = 1_000_000_00  # £1m in pence
TODAY = dt.date.today()


def _organisations(system):
    return SimpleNamespace(
        icb=organisation_in(system, name="NHS Vale ICB", kind="icb"),
        hospital=organisation_in(system, name="General Hospital NHS Trust", kind="acute"),
        trust=organisation_in(system, name="Downs Community NHS Trust", kind="community"),
        council=organisation_in(system, name="Shire County Council", kind="la_county"),
        pcn=organisation_in(system, name="Ashby PCN", kind="pcn"),
        centre=organisation_in(
            system, name="Vale Treatment Centre Ltd", kind="independent", statutory=False
        ),
    )


def _bodies(system, orgs, place, hood):
    leadership = BodyFactory(
        system=system,
        code="leadership-group",
        name="System Leadership Group",
        kind="leadership_group",
        cadence="bimonthly",
        independent_chair=True,
    )
    executive = BodyFactory(
        system=system,
        code="unified-executive",
        name="Unified Executive Group",
        kind="executive_group",
        reports_to=leadership,
        quorum_minimum=4,
    )
    b = SimpleNamespace(leadership=leadership, executive=executive)
    b.finance = BodyFactory(
        system=system,
        code="finance-group",
        name="Finance Group",
        kind="finance_group",
        reports_to=executive,
    )
    b.place = BodyFactory(
        system=system,
        code="ashby-place",
        name=f"{place.name} Place Partnership Board",
        kind="place_board",
        level="place",
        place=place,
        reports_to=executive,
        terms_published=False,
    )
    b.hood = BodyFactory(
        system=system,
        code="ashby-north",
        name=f"{hood.name} Neighbourhood Team",
        kind="neighbourhood_team",
        level="neighbourhood",
        place=place,
        neighbourhood=hood,
        reports_to=b.place,
    )
    b.joint = BodyFactory(
        system=system,
        code="joint-committee",
        name="Joint Committee of Commissioners",
        kind="joint_committee",
        reports_to=leadership,
        parties=[orgs.icb, orgs.council],
    )
    b.cic = BodyFactory(
        system=system,
        code="acute-cic",
        name="Provider Committees in Common",
        kind="committee_in_common",
        parties=[orgs.hospital, orgs.trust],
    )
    b.hwb = BodyFactory(
        system=system,
        code="shire-hwb",
        name="Shire Health and Wellbeing Board",
        kind="health_and_wellbeing_board",
    )
    b.scrutiny = BodyFactory(
        system=system,
        code="shire-osc",
        name="Shire Health Overview and Scrutiny Committee",
        kind="overview_and_scrutiny",
        published=False,
    )
    return b


def _delegations(b, orgs):
    for category in Category.values:
        DelegationFactory(
            body=b.leadership,
            category=category,
            limit_pence=50 * M,
            source="ICB scheme of reservation and delegation",
            source_organisation=orgs.icb,
        )
    for category in ("funding", "service_change"):
        DelegationFactory(
            body=b.executive,
            category=category,
            limit_pence=10 * M,
            delegated_by=b.leadership,
            source_organisation=None,
        )
    DelegationFactory(
        body=b.finance,
        category="funding",
        limit_pence=2 * M,
        delegated_by=b.executive,
        source_organisation=None,
    )
    DelegationFactory(
        body=b.place,
        category="service_change",
        limit_pence=1 * M,
        delegated_by=b.executive,
        source_organisation=None,
    )
    DelegationFactory(
        body=b.hood,
        category="service_change",
        limit_pence=100_000_00,
        delegated_by=b.place,
        source_organisation=None,
    )
    DelegationFactory(
        body=b.joint,
        category="funding",
        limit_pence=5 * M,
        delegated_by=b.leadership,
        source_organisation=None,
        requires_ratification=False,
    )


def _members(b, orgs):
    chair = PersonFactory(name="Chair of the Leadership Group")
    MemberFactory(body=b.leadership, person=chair, role="chair", voting=True)
    people = []
    for org in (orgs.hospital, orgs.trust, orgs.council, orgs.pcn):
        person = PersonFactory(name=f"Director of {org.name}")
        MemberFactory(body=b.executive, person=person, organisation=org)
        MemberFactory(body=b.place, person=person, organisation=org)
        people.append(person)
    return chair, people


def _meetings(b, orgs, people):
    held = MeetingFactory(
        body=b.executive,
        starts_at=timezone.now() - dt.timedelta(days=40),
        status="held",
        notes="The chair welcomed members.",
        minutes_status="published",
        minutes_approved_on=TODAY - dt.timedelta(days=10),
        minutes_published_on=TODAY - dt.timedelta(days=5),
    )
    public = AgendaItemFactory(meeting=held, number=1, title="Elective recovery plan")
    secret = AgendaItemFactory(
        meeting=held, number=2, title="Contract negotiations", confidential=True
    )
    ItemMinuteFactory(item=public, discussion="Waiting lists are falling.", resolved="Noted.")
    ItemMinuteFactory(
        item=secret, discussion="The negotiating range was set.", resolved="Mandate agreed."
    )
    public_paper = PaperFactory(item=public, title="Elective recovery paper", published=True)
    part2 = PaperFactory(item=secret, title="Negotiation position", published=False)
    done = ActionFactory(
        meeting=held,
        owner=people[0],
        status="done",
        due_on=TODAY - dt.timedelta(days=20),
        completed_on=TODAY,
    )
    overdue = ActionFactory(
        meeting=held,
        owner=people[1],
        due_on=TODAY - dt.timedelta(days=5),
        description="Report the waiting list",
    )
    scheduled = MeetingFactory(body=b.executive, starts_at=timezone.now() + dt.timedelta(days=20))
    AgendaItemFactory(meeting=scheduled, number=1, title="Minutes of the last meeting")
    AgendaItemFactory(
        meeting=scheduled,
        number=2,
        title="Contract negotiations update",
        confidential=True,
        key_decision=True,
    )
    contract = AgendaItemFactory(
        meeting=scheduled,
        number=3,
        title="Elective recovery: Treatment Centre contract",
        key_decision=True,
        purpose="decision",
        organisations=[orgs.centre],
        notice_given_on=TODAY - dt.timedelta(days=5),
    )
    return SimpleNamespace(
        held=held,
        public_item=public,
        secret_item=secret,
        paper=public_paper,
        part2=part2,
        done=done,
        overdue=overdue,
        scheduled=scheduled,
        contract=contract,
    )


def _decisions(b, orgs):
    proposed_on = TODAY - dt.timedelta(days=150)
    waiting = DecisionFactory(
        body=b.executive,
        reference="VD-002",
        title="Community diagnostic centre",
        category="service_change",
        value_pence=8 * M,
        status="awaiting_ratification",
        proposed_on=proposed_on,
        agreed_on=proposed_on + dt.timedelta(days=10),
        organisations=[orgs.hospital, orgs.trust, orgs.council],
    )
    for org in (orgs.trust, orgs.council):
        PartnerDecisionFactory(
            decision=waiting,
            organisation=org,
            outcome="ratified",
            decided_on=proposed_on + dt.timedelta(days=40),
        )
    PartnerDecisionFactory(decision=waiting, organisation=orgs.hospital)
    rejected = DecisionFactory(
        body=b.executive,
        reference="VD-003",
        title="Shared estates strategy",
        status="rejected",
        proposed_on=proposed_on,
        closed_on=proposed_on + dt.timedelta(days=60),
        outcome_note="Rejected by Shire County Council: Council cabinet did not accept",
    )
    effective = DecisionFactory(
        body=b.executive,
        reference="VD-004",
        title="Winter funding",
        status="effective",
        proposed_on=proposed_on,
        effective_on=proposed_on + dt.timedelta(days=120),
    )
    secret = DecisionFactory(
        body=b.executive,
        reference="VD-007",
        title="Contract negotiation mandate",
        confidential=True,
        status="effective",
        proposed_on=proposed_on,
        effective_on=proposed_on + dt.timedelta(days=30),
    )
    proposal = DecisionFactory(body=b.finance, reference="VD-005", title="Finance proposal")
    return SimpleNamespace(
        waiting=waiting, rejected=rejected, effective=effective, secret=secret, proposal=proposal
    )


def _interests(system, orgs, people):
    shares = InterestFactory(
        system=system,
        person=people[0],
        kind="financial",
        organisation=orgs.centre,
        counterparty=orgs.centre.name,
        description="Shareholding in the treatment centre",
        mitigation="Leaves the meeting for the item.",
    )
    withheld = InterestFactory(
        system=system,
        person=people[1],
        kind="personal",
        organisation=orgs.hospital,
        counterparty=orgs.hospital.name,
        description="Spouse is a consultant at the hospital",
        publish=False,
        withheld_reason="Privacy of a family member",
    )
    return SimpleNamespace(shares=shares, withheld=withheld)


@pytest.fixture
def world(system):
    """The governance world (see the module docstring) in ``system``."""
    place = PlaceFactory(system=system, name="Ashby")
    hood = NeighbourhoodFactory(place=place, name="Ashby North")
    orgs = _organisations(system)
    bodies = _bodies(system, orgs, place, hood)
    _delegations(bodies, orgs)
    chair, people = _members(bodies, orgs)
    meetings = _meetings(bodies, orgs, people)
    AttendanceFactory(meeting=meetings.held, person=people[0])
    return SimpleNamespace(
        system=system,
        place=place,
        hood=hood,
        orgs=orgs,
        bodies=bodies,
        chair=chair,
        people=people,
        meetings=meetings,
        decisions=_decisions(bodies, orgs),
        interests=_interests(system, orgs, people),
    )
