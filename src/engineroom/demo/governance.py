"""Fictional governance for the demo region: the Berkshire West shape (S4), a joint committee and
committees in common (S6), delegations (S7), a year of meetings, decisions in every state with
sovereign ratification (S5) and a register of interests with a conflict on an agenda (S8).

Idempotent: a system that already has bodies is left alone. Written with the ORM directly (no
audit entries): generating a demo is not a user's action.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from engineroom.demo.structure import FIRST, LAST, main_system_code
from engineroom.governance.models import (
    AgendaItem,
    AnnualReturn,
    Attendance,
    Body,
    BodyKind,
    Cadence,
    Decision,
    DecisionStatus,
    Declaration,
    Delegation,
    Interest,
    Meeting,
    Member,
    Paper,
    PartnerDecision,
    PartnerDecisionKind,
    Purpose,
)
from engineroom.governance.presenters import financial_year
from engineroom.system.models import Organisation, Person, System

M = 100 * 1_000_000  # £1m in pence
ALL_CATEGORIES = (
    "service_change",
    "clinical_pathway",
    "funding",
    "contract",
    "workforce",
    "estates",
    "digital",
    "strategy",
)
STEP = {Cadence.MONTHLY: 30, Cadence.BIMONTHLY: 61, Cadence.QUARTERLY: 91}
SEVEN = ("QZ1", "RZ1", "RZ2", "RZ3", "RZ4", "RW9", "LZC01")


class _Gen:
    def __init__(self, system: System, seed: int):
        self.system = system
        self.rng = random.Random(seed)
        self.today = dt.date.today()
        self.people: dict[str, Person] = {}
        self.orgs = {
            o.ods_code: o for o in Organisation.objects.filter(footprints__system=system).distinct()
        }
        self.counts: dict[str, int] = {}

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def person(self, key: str) -> Person:
        if key not in self.people:
            ref = f"gov-{self.system.code[:6]}-{len(self.people) + 1:03d}"
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            self.people[key], _ = Person.objects.get_or_create(ref=ref, defaults={"name": name})
            self.count("people")
        return self.people[key]

    def body(self, code, name, kind, *, reports_to=None, level="system", place=None, **kw):
        b = Body.objects.create(
            system=self.system,
            code=code,
            name=name,
            kind=kind,
            reports_to=reports_to,
            level=level,
            place=place,
            terms_of_reference=f"{name} (fictional) agrees the system's plans within its "
            "delegation and reports to the body above it.",
            terms_published=kw.pop("terms_published", True),
            **kw,
        )
        self.count("bodies")
        return b

    def seat(self, body, key, org=None, role="member", voting=True):
        Member.objects.create(
            body=body,
            person=self.person(key),
            organisation=self.orgs.get(org) if org else None,
            role=role,
            voting=voting,
            start_date=self.today - dt.timedelta(days=500),
        )
        self.count("members")

    def delegate(self, body, categories, limit, *, by=None, org=None, ratify=True, source=""):
        for c in categories:
            Delegation.objects.create(
                body=body,
                category=c,
                limit_pence=limit,
                delegated_by=by,
                source_organisation=self.orgs.get(org) if org else None,
                source=source or (f"Delegated by {by.name}" if by else "Scheme of delegation"),
                requires_ratification=ratify,
                start_date=self.today - dt.timedelta(days=700),
            )
            self.count("delegations")

    def meetings(self, body, titles, orgs_for=None):
        step = STEP.get(body.cadence, 91)
        day = self.today - dt.timedelta(days=330)
        made = []
        members = list(body.members.select_related("person"))
        while day <= self.today + dt.timedelta(days=60):
            past = day < self.today
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
            age = (self.today - day).days
            m = Meeting.objects.create(
                body=body,
                starts_at=at,
                location="Civic Centre, Committee Room 1 (fictional)",
                status="held" if past else "scheduled",
                minutes=f"The {body.name} met and considered the items below." if past else "",
                minutes_status=("published" if age > 60 else "approved" if age > 30 else "draft")
                if past
                else "none",
                minutes_approved_on=day + dt.timedelta(days=28) if past and age > 30 else None,
                minutes_published_on=day + dt.timedelta(days=35) if past and age > 60 else None,
            )
            self.count("meetings")
            for n, title in enumerate(titles, start=1):
                item = AgendaItem.objects.create(
                    meeting=m,
                    number=n,
                    title=title,
                    purpose=Purpose.DECISION if n == 2 else Purpose.ASSURANCE,
                    confidential=n == len(titles) and n > 2,
                    key_decision=n == 2,
                    notice_given_on=day - dt.timedelta(days=35 if n == 2 else 10),
                )
                if orgs_for and title in orgs_for:
                    item.organisations.set([self.orgs[c] for c in orgs_for[title]])
                Paper.objects.create(
                    item=item,
                    title=f"Paper {n}: {title}",
                    html=f"<p>This paper sets out {title.lower()} for the {body.name}.</p>",
                    confidential=item.confidential,
                    published=not item.confidential,
                )
                self.count("agenda_items")
            if past:
                Attendance.objects.bulk_create(
                    Attendance(
                        meeting=m,
                        person=s.person,
                        status="present" if self.rng.random() < 0.85 else "apologies",
                    )
                    for s in members
                )
                if members:
                    m.actions.create(
                        description=f"Bring back an update on {titles[0].lower()}",
                        owner=members[0].person,
                        due_on=day + dt.timedelta(days=45),
                        status="done" if age > 90 else "open",
                        completed_on=day + dt.timedelta(days=40) if age > 90 else None,
                    )
                    self.count("actions")
            made.append(m)
            day += dt.timedelta(days=step)
        return made

    def decision(self, body, ref, title, category, value, *, proposed, status, orgs=(), **kw):
        partners = kw.pop("partners", {})
        kind = kw.pop("kind", PartnerDecisionKind.RATIFICATION)
        d = Decision.objects.create(
            body=body,
            reference=ref,
            title=title,
            summary=f"{title} (fictional).",
            category=category,
            value_pence=value,
            delegation=Delegation.objects.filter(
                body=body, category=category, limit_pence__gte=value
            )
            .order_by("limit_pence")
            .first(),
            status=status,
            proposed_on=self.today - dt.timedelta(days=proposed),
            **kw,
        )
        d.organisations.set([self.orgs[c] for c in orgs])
        for code, (outcome, days_ago, note) in partners.items():
            PartnerDecision.objects.create(
                decision=d,
                organisation=self.orgs[code],
                kind=kind,
                outcome=outcome,
                decided_on=self.today - dt.timedelta(days=days_ago) if days_ago else None,
                note=note,
            )
        self.count("decisions")
        return d


def _ago(days: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=days)


def _main(g: _Gen) -> None:
    place_list = list(g.system.places.order_by("name"))
    lg = g.body(
        "leadership-group",
        "System Leadership Group",
        BodyKind.LEADERSHIP_GROUP,
        cadence=Cadence.BIMONTHLY,
        independent_chair=True,
        quorum_minimum=5,
    )
    ue = g.body(
        "unified-executive",
        "Unified Executive Group",
        BodyKind.EXECUTIVE_GROUP,
        reports_to=lg,
        quorum_minimum=4,
    )
    cdg = g.body(
        "clinical-delivery",
        "Clinical Delivery Group",
        BodyKind.CLINICAL_DELIVERY_GROUP,
        reports_to=ue,
    )
    fg = g.body("finance-group", "Finance Group", BodyKind.FINANCE_GROUP, reports_to=ue)
    boards = [
        g.body(
            f"{slug}-board",
            f"{name} Programme Board",
            BodyKind.PROGRAMME_BOARD,
            reports_to=ue,
            cadence=Cadence.QUARTERLY,
            quorum_minimum=2,
        )
        for slug, name in (
            ("urgent-care", "Urgent Care"),
            ("planned-care", "Planned Care"),
            ("mental-health", "Mental Health"),
        )
    ]
    places = [
        g.body(
            f"place-{p.code.split('-')[-1]}",
            f"{p.name} Place Partnership Board",
            BodyKind.PLACE_BOARD,
            reports_to=ue,
            level="place",
            place=p,
            cadence=Cadence.BIMONTHLY,
            quorum_minimum=2,
        )
        for p in place_list
    ]
    hood = g.system.places.order_by("name").first().neighbourhoods.order_by("name").first()
    nt = g.body(
        f"hood-{hood.code.split('-')[-1]}-{hood.place.code.split('-')[-1]}",
        f"{hood.name} Neighbourhood Team",
        BodyKind.NEIGHBOURHOOD_TEAM,
        reports_to=places[0],
        level="neighbourhood",
        place=hood.place,
        neighbourhood=hood,
        cadence=Cadence.AD_HOC,
        quorum_minimum=2,
        terms_published=False,
    )
    jc = g.body(
        "joint-committee",
        "Joint Committee of Commissioners",
        BodyKind.JOINT_COMMITTEE,
        reports_to=lg,
        cadence=Cadence.QUARTERLY,
        decision_mode="delegated",
        quorum_each_party=True,
        quorum_minimum=3,
    )
    jc.parties.set([g.orgs["QZ1"], g.orgs["LZC01"], g.orgs["L0U01"]])
    cic = g.body(
        "acute-cic",
        "Acute Provider Committees in Common",
        BodyKind.COMMITTEE_IN_COMMON,
        reports_to=lg,
        cadence=Cadence.QUARTERLY,
        quorum_each_party=True,
        quorum_minimum=3,
    )
    cic.parties.set([g.orgs["RZ1"], g.orgs["RZ2"], g.orgs["RW9"]])
    g.body(
        "hwb-county",
        "Shire Health and Wellbeing Board",
        BodyKind.HEALTH_AND_WELLBEING_BOARD,
        cadence=Cadence.QUARTERLY,
    )
    g.body(
        "osc-county",
        "Shire Health Overview and Scrutiny Committee",
        BodyKind.OVERVIEW_AND_SCRUTINY,
        cadence=Cadence.QUARTERLY,
        terms_published=False,
    )

    g.seat(lg, "independent-chair", role="chair")
    for code in (*SEVEN, "L0U01"):
        g.seat(lg, f"chair-{code}", code)
        g.seat(lg, f"ce-{code}", code)
    for code in SEVEN:
        g.seat(ue, f"ce-{code}", code, role="chair" if code == "QZ1" else "member")
    g.seat(ue, "pcn-lead", "U00001")
    g.seat(ue, "clinical-director", "QZ1")
    g.seat(ue, "vcse-lead", "V0A01", voting=False)
    for code in ("QZ1", "RZ1", "RZ2", "RZ4"):
        g.seat(cdg, f"md-{code}", code)
    g.seat(cdg, "clinical-director", "QZ1", role="chair")
    for code in ("QZ1", "RZ1", "RZ2", "RZ3", "RZ4", "LZC01"):
        g.seat(fg, f"dof-{code}", code, role="chair" if code == "QZ1" else "member")
    for b in boards:
        g.seat(b, f"sro-{b.code}", "QZ1", role="chair")
        g.seat(b, f"lead-{b.code}", "RZ1")
        g.seat(b, "pcn-lead", "U00001")
    for b, p in zip(places, place_list, strict=True):
        g.seat(b, f"place-lead-{p.code}", "QZ1", role="chair")
        council = "L0U0" + str(place_list.index(p) + 1) if place_list.index(p) < 4 else "LZC01"
        g.seat(b, f"council-{p.code}", council if council in g.orgs else "LZC01")
        g.seat(b, f"pcn-{p.code}", "U00001")
    g.seat(nt, "pcn-lead", "U00001", role="chair")
    g.seat(nt, "hood-nurse", "RZ3")
    for code in ("QZ1", "LZC01", "L0U01"):
        g.seat(jc, f"ce-{code}", code)
    for code in ("RZ1", "RZ2", "RW9"):
        g.seat(cic, f"chair-{code}", code)

    g.delegate(
        lg, ALL_CATEGORIES, 50 * M, org="QZ1", source="ICB scheme of reservation and delegation"
    )
    g.delegate(ue, ("service_change", "funding", "clinical_pathway", "strategy"), 10 * M, by=lg)
    g.delegate(fg, ("funding",), 2 * M, by=ue)
    g.delegate(cdg, ("clinical_pathway",), 3 * M, by=ue)
    for b in places:
        g.delegate(b, ("service_change", "funding"), 1 * M, by=ue, ratify=False)
    g.delegate(nt, ("service_change",), 100_000_00, by=places[0], ratify=False)
    g.delegate(
        jc,
        ("funding", "service_change"),
        5 * M,
        org="QZ1",
        ratify=False,
        source="Joint committee agreement (s.65Z5 NHS Act 2006)",
    )

    exec_meetings = g.meetings(
        ue,
        [
            "Performance report",
            "Urgent care model",
            "Elective recovery: Treatment Centre contract",
            "Workforce plan",
            "Contract negotiations",
        ],
        {"Elective recovery: Treatment Centre contract": ["I0A01", "RZ1"]},
    )
    g.meetings(lg, ["Chair's report", "System strategy", "Risk register"])
    g.meetings(
        fg, ["Month-end position", "System financial plan", "Capital programme", "Savings pipeline"]
    )
    g.meetings(cdg, ["Quality report", "Stroke pathway", "Clinical risk"])
    g.meetings(jc, ["Pooled budget report", "Better Care Fund plan"])
    g.meetings(cic, ["Elective hub", "Shared waiting list"])
    for b in places[:2] + boards[:1]:
        g.meetings(b, ["Place dashboard", "Local service change", "Partner updates"])

    # Interests and the S8 conflict: the clinical director holds shares in the treatment centre.
    director = g.person("clinical-director")
    conflict = Interest.objects.create(
        person=director,
        system=g.system,
        kind="financial",
        organisation=g.orgs["I0A01"],
        counterparty=g.orgs["I0A01"].name,
        description="Shareholding in the treatment centre (fictional)",
        start_date=_ago(800),
        declared_on=_ago(790),
        mitigation="Leaves the meeting for any item about the treatment centre.",
    )
    Interest.objects.create(
        person=g.person("ce-RZ1"),
        system=g.system,
        kind="professional",
        organisation=g.orgs["V0A01"],
        counterparty=g.orgs["V0A01"].name,
        description="Trustee of the council for voluntary service",
        start_date=_ago(400),
        declared_on=_ago(350),
    )
    Interest.objects.create(
        person=g.person("ce-RZ2"),
        system=g.system,
        kind="indirect",
        organisation=g.orgs["I0A01"],
        counterparty=g.orgs["I0A01"].name,
        description="Spouse is a consultant at the treatment centre",
        start_date=_ago(300),
        declared_on=_ago(290),
        publish=False,
        withheld_reason="Personal safety of a family member",
    )
    Interest.objects.create(
        person=g.person("dof-RZ1"),
        system=g.system,
        kind="gift",
        counterparty="Medi Supplies Ltd (fictional)",
        description="Bottle of wine and hamper",
        value_pence=65_00,
        start_date=_ago(60),
        declared_on=_ago(55),
    )
    Interest.objects.create(
        person=g.person("dof-QZ1"),
        system=g.system,
        kind="hospitality",
        counterparty="Digital Health Co (fictional)",
        description="Conference dinner",
        value_pence=40_00,
        start_date=_ago(120),
        declared_on=_ago(118),
    )
    g.count("interests", 5)
    year = financial_year(g.today)
    for key in ("ce-QZ1", "ce-RZ3", "independent-chair"):
        AnnualReturn.objects.create(
            person=g.person(key), system=g.system, year=year, submitted_on=_ago(20), nil=True
        )
    held = [m for m in exec_meetings if m.status == "held"][-1]
    item = held.items.get(number=3)
    Attendance.objects.update_or_create(
        meeting=held, person=director, defaults={"status": "present"}
    )
    Declaration.objects.create(
        item=item, person=director, interest=conflict, action=conflict.mitigation
    )

    # Decisions in every state (S5, S6).
    effective = {c: ("ratified", 40 + i * 9, "") for i, c in enumerate(SEVEN)}
    g.decision(
        ue,
        "VD-001",
        "Single urgent care model",
        "service_change",
        8 * M,
        proposed=160,
        status=DecisionStatus.EFFECTIVE,
        orgs=SEVEN,
        partners=effective,
        agreed_on=_ago(130),
        effective_on=_ago(40),
    )
    waiting = {c: ("ratified", 20 + i, "") for i, c in enumerate(SEVEN)}
    waiting["RZ2"] = ("pending", 0, "")
    g.decision(
        ue,
        "VD-002",
        "Community diagnostic centre rollout",
        "service_change",
        6 * M,
        proposed=90,
        status=DecisionStatus.AWAITING,
        orgs=SEVEN,
        partners=waiting,
        agreed_on=_ago(75),
    )
    rejected = {c: ("ratified", 30, "") for c in SEVEN}
    rejected["LZC01"] = (
        "rejected",
        25,
        "Council cabinet did not accept the loss of the day centre.",
    )
    rejected["RW9"] = ("pending", 0, "")
    g.decision(
        ue,
        "VD-003",
        "Day services reconfiguration",
        "service_change",
        4 * M,
        proposed=70,
        status=DecisionStatus.REJECTED,
        orgs=SEVEN,
        partners=rejected,
        agreed_on=_ago(60),
        closed_on=_ago(25),
        outcome_note="Rejected by Shire County Council: Council cabinet did not accept the loss of the day centre.",
    )
    g.decision(
        fg,
        "VD-004",
        "Winter funding allocation",
        "funding",
        1 * M,
        proposed=100,
        status=DecisionStatus.EFFECTIVE,
        orgs=("QZ1", "RZ1"),
        partners={"QZ1": ("ratified", 80, ""), "RZ1": ("ratified", 70, "")},
        agreed_on=_ago(95),
        effective_on=_ago(70),
    )
    for i, b in enumerate(places[:3]):
        g.decision(
            b,
            f"VD-P{i + 1}",
            f"{b.place.name} falls prevention service",
            "service_change",
            400_000_00,
            proposed=50 + i * 20,
            status=DecisionStatus.EFFECTIVE,
            agreed_on=_ago(45 + i * 20),
            effective_on=_ago(45 + i * 20),
        )
    g.decision(
        jc,
        "VD-J1",
        "Pooled budget for intermediate care",
        "funding",
        3 * M,
        proposed=80,
        status=DecisionStatus.EFFECTIVE,
        agreed_on=_ago(78),
        effective_on=_ago(78),
    )
    g.decision(
        cic,
        "VD-C1",
        "Shared elective waiting list",
        "service_change",
        2 * M,
        proposed=120,
        status=DecisionStatus.EFFECTIVE,
        kind=PartnerDecisionKind.IN_COMMON,
        partners={c: ("ratified", 100, "") for c in ("RZ1", "RZ2", "RW9")},
        agreed_on=_ago(100),
        effective_on=_ago(100),
    )
    g.decision(
        cic,
        "VD-C2",
        "Elective surgical hub",
        "service_change",
        5 * M,
        proposed=40,
        status=DecisionStatus.AWAITING,
        kind=PartnerDecisionKind.IN_COMMON,
        partners={
            "RZ1": ("ratified", 30, ""),
            "RZ2": ("ratified", 28, ""),
            "RW9": ("pending", 0, ""),
        },
    )
    g.decision(
        ue,
        "VD-005",
        "Digital front door procurement",
        "digital",
        2 * M,
        proposed=10,
        status=DecisionStatus.PROPOSED,
        orgs=("QZ1",),
    )
    g.decision(
        ue,
        "VD-006",
        "Estates rationalisation",
        "estates",
        3 * M,
        proposed=200,
        status=DecisionStatus.WITHDRAWN,
        closed_on=_ago(150),
        outcome_note="Withdrawn: superseded by the estates strategy.",
    )
    g.decision(
        ue,
        "VD-007",
        "Contract negotiation mandate",
        "contract",
        9 * M,
        proposed=30,
        status=DecisionStatus.AWAITING,
        confidential=True,
        orgs=("QZ1", "RZ1"),
        partners={"QZ1": ("pending", 0, ""), "RZ1": ("pending", 0, "")},
        agreed_on=_ago(20),
    )


def _other(g: _Gen) -> None:
    board = g.body(
        "partnership-board",
        "Integrated Care Partnership Board",
        BodyKind.PARTNERSHIP_BOARD,
        cadence=Cadence.QUARTERLY,
        quorum_minimum=2,
    )
    execg = g.body(
        "executive",
        "System Executive",
        BodyKind.EXECUTIVE_GROUP,
        reports_to=board,
        quorum_minimum=2,
    )
    icb = next(o for o in g.orgs.values() if o.kind == "icb")
    g.seat(board, "chair", icb.ods_code, role="chair")
    g.seat(execg, "lead", icb.ods_code, role="chair")
    g.seat(execg, "dof", icb.ods_code)
    g.delegate(board, ALL_CATEGORIES, 20 * M, org=icb.ods_code, source="ICB scheme of delegation")
    g.delegate(execg, ("funding",), 5 * M, by=board)
    g.meetings(execg, ["Performance", "Funding", "Risks"])


def generate(*, seed: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for system in System.objects.order_by("code"):
        if Body.objects.filter(system=system).exists():
            continue
        with transaction.atomic():
            g = _Gen(system, seed)
            (_main if system.code == main_system_code() else _other)(g)
        for k, v in g.counts.items():
            counts[f"governance.{k}"] = counts.get(f"governance.{k}", 0) + v
    return counts
