"""Demo engine room for the main system: 20 posts funded ~40% non-recurrent transformation
funding, 25% pooled budget, 25% national body aligned and 10% gifted (S11, by annual cost), with
contract and funding end dates that make a 3/6/12-month cliff; a Lincolnshire-style pooled budget
with equal shares, a cap and in-kind secondments (S12); South East London-style PMO funding
sources (S17). Deterministic from the seed; dates relative to today; idempotent."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from engineroom.demo.structure import FIRST, LAST, main_system_code
from engineroom.programmes.models import Programme
from engineroom.system.models import Organisation, Person, System
from engineroom.web.periods import add_months, financial_year_of
from engineroom.workforce.models import (
    Appointment,
    AppointmentKind,
    BudgetPartner,
    Contribution,
    FundingLine,
    FundingSource,
    PooledBudget,
    Post,
    ShareRule,
    Skill,
)

POUND = 100
BAND_BY_COST = {30: "5", 35: "6", 40: "6", 45: "7", 50: "7", 55: "8a", 60: "8a", 65: "8b"}
BAND_BY_COST |= {70: "8b", 75: "8c", 80: "8d"}
# source: [(title, team, annual cost in £000, appointment kind, months until the contract ends)]
POSTS = {
    FundingSource.TRANSFORMATION: [
        ("Director of transformation", "Leadership", 80, "fixed_term", 14),
        ("Programme director, urgent care", "PMO", 65, "fixed_term", 2),
        ("Senior programme manager", "PMO", 55, "fixed_term", 5),
        ("Programme manager", "PMO", 50, "fixed_term", 5),
        ("Programme manager", "PMO", 45, "fixed_term", 10),
        ("Project manager", "PMO", 40, "fixed_term", 11),
        ("Project support officer", "PMO", 35, None, 0),
        ("Business analyst", "Analytics", 30, "fixed_term", 20),
    ],
    FundingSource.POOLED: [
        ("Head of the system delivery unit", "PMO", 70, "secondment", 18),
        ("Senior finance manager", "Finance", 55, "permanent", 0),
        ("Senior analyst", "Analytics", 50, "secondment", 16),
        ("PMO manager", "PMO", 40, "permanent", 0),
        ("Governance officer", "PMO", 35, None, 0),
    ],
    FundingSource.NATIONAL: [
        ("Regional transformation lead", "Leadership", 75, "national", 24),
        ("Workforce lead", "Workforce", 60, "national", 24),
        ("Digital lead", "Digital", 45, "national", 8),
        ("Improvement adviser", "PMO", 40, "national", 24),
        ("Data scientist", "Analytics", 30, "national", 24),
    ],
    FundingSource.GIFTED: [
        ("Clinical lead, mental health", "Clinical", 55, "gifted", 4),
        ("Communications lead", "Engagement", 45, "gifted", 30),
    ],
}
SKILLS = ["Programme management", "Finance", "Data analysis", "Clinical leadership", "Change"]
NEEDS = {
    "PMO": ["Programme management", "Change"],
    "Leadership": ["Change", "Programme management"],
    "Finance": ["Finance"],
    "Analytics": ["Data analysis"],
    "Clinical": ["Clinical leadership"],
    "Workforce": ["Change"],
    "Digital": ["Data analysis", "Programme management"],
    "Engagement": ["Change"],
}


@transaction.atomic
def generate(*, seed: int) -> dict[str, int]:
    system = System.objects.get(code=main_system_code())
    if Post.objects.filter(system=system).exists():
        return {"workforce.post": 0}
    rng = random.Random(seed * 11 + 7)
    today = dt.date.today()
    orgs = {
        o.ods_code: o for o in Organisation.objects.filter(footprints__system=system).distinct()
    }
    icb, mh, community = orgs["QZ1"], orgs["RZ4"], orgs["RZ3"]
    programmes = list(Programme.objects.filter(system=system).order_by("name"))
    skills = {name: Skill.objects.get_or_create(system=system, name=name)[0] for name in SKILLS}
    counts = {"posts": 0, "appointments": 0, "lines": 0}
    secondments = []
    n = 0
    for source, rows in POSTS.items():
        for title, team, cost, kind, months in rows:
            n += 1
            post = Post.objects.create(
                system=system,
                ref=f"er-{n:02d}",
                title=title,
                team=team,
                band=BAND_BY_COST[cost],
                wte=Decimal("1.0") if n % 5 else Decimal("0.8"),
                host_employer=mh if kind in ("gifted", "secondment") and n % 2 else icb,
                programme=programmes[n % len(programmes)] if programmes and team == "PMO" else None,
                annual_cost_pence=cost * 1000 * POUND,
            )
            post.skills_needed.set([skills[s] for s in NEEDS[team]])
            counts["posts"] += 1
            start = add_months(today.replace(day=1), -rng.randint(6, 30))
            end = (
                add_months(today.replace(day=1), months) - dt.timedelta(days=1)
                if kind not in (None, "permanent")
                else None
            )
            FundingLine.objects.create(
                post=post,
                source=source,
                funder=icb
                if source == FundingSource.TRANSFORMATION
                else (mh if source == FundingSource.GIFTED else None),
                annual_amount_pence=post.annual_cost_pence,
                start_date=start,
                end_date=end if source != FundingSource.POOLED else None,
            )
            counts["lines"] += 1
            if kind is None:
                continue  # a vacancy
            person, _ = Person.objects.update_or_create(
                ref=f"er-staff-{seed}-{n}",
                defaults={"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}"},
            )
            appointment = Appointment.objects.create(
                post=post,
                person=person,
                kind=kind,
                from_organisation={
                    AppointmentKind.SECONDMENT: community if not secondments else mh,
                    AppointmentKind.GIFTED: mh,
                }.get(kind),
                start_date=start,
                end_date=end,
            )
            held = NEEDS[team][: 1 + n % 2]
            appointment.skills_held.set([skills[s] for s in held])
            counts["appointments"] += 1
            if kind == AppointmentKind.SECONDMENT:
                secondments.append(appointment)
    year = financial_year_of(today)
    budgets = _pooled_budgets(system, year, orgs, secondments)
    return {
        "workforce.post": counts["posts"],
        "workforce.appointment": counts["appointments"],
        "workforce.fundingline": counts["lines"],
        "workforce.skill": len(skills),
        "workforce.pooledbudget": budgets,
    }


def _pooled_budgets(system, year, orgs, secondments) -> int:
    by_org = {a.from_organisation.ods_code: a for a in secondments}
    # S12: every partner pays the same share of a capped total, in cash or seconded staff.
    lincs = PooledBudget.objects.create(
        system=system,
        code="engine-room",
        name="Engine room pooled budget",
        financial_year=year,
        cap_pence=1_200_000 * POUND,
        share_rule=ShareRule.EQUAL,
    )
    in_kind = {"RZ3": 50_000, "RZ4": 70_000}
    for code, category in [
        ("QZ1", "commissioner"),
        ("RZ1", "provider"),
        ("RZ2", "provider"),
        ("RZ3", "provider"),
        ("RZ4", "provider"),
        ("L0U01", "council"),
    ]:
        org = orgs[code]
        partner = BudgetPartner.objects.create(
            budget=lincs, organisation=org, name=org.name, category=category
        )
        kind = in_kind.get(code, 0)
        Contribution.objects.create(
            partner=partner,
            kind="cash",
            amount_pence=(200_000 - kind) * POUND,
            description="Quarterly invoices",
        )
        if kind:
            Contribution.objects.create(
                partner=partner,
                kind="in_kind",
                amount_pence=kind * POUND,
                description="Seconded member of staff, valued at cost",
                appointment=by_org.get(code),
            )
    # S17: commissioners at least half, central about a quarter, providers the rest, the mental
    # health trust in kind.
    sel = PooledBudget.objects.create(
        system=system,
        code="pmo-funding",
        name="Programme management office funding",
        financial_year=year,
        cap_pence=2_000_000 * POUND,
        share_rule=ShareRule.AGREED,
    )
    for code, name, category, share, kind in [
        ("QZ1", None, "commissioner", 52, "cash"),
        (None, "NHS England (central transformation funding)", "central", 25, "cash"),
        ("RZ1", None, "provider", 10, "cash"),
        ("RZ2", None, "provider", 8, "cash"),
        ("RZ4", None, "provider", 5, "in_kind"),
    ]:
        org = orgs[code] if code else None
        partner = BudgetPartner.objects.create(
            budget=sel,
            organisation=org,
            name=org.name if org else name,
            category=category,
            agreed_share=Decimal(share),
        )
        Contribution.objects.create(
            partner=partner,
            kind=kind,
            amount_pence=2_000_000 * share * POUND // 100,
            description="Seconded analysts, valued at cost" if kind == "in_kind" else "",
            appointment=by_org.get(code) if kind == "in_kind" else None,
        )
    return 2
