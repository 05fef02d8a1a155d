"""Demo engine room for the main system, from ``data/workforce/``: 20 posts funded ~40%
non-recurrent transformation funding, 25% pooled budget, 25% national body aligned and 10% gifted
(S11, by annual cost), with contract and funding end dates that make a 3/6/12-month cliff; a
Lincolnshire-style pooled budget with equal shares, a cap and in-kind secondments (S12); South
East London-style PMO funding sources (S17). Deterministic from the seed; dates relative to
today; idempotent."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from engineroom.demo import files
from engineroom.demo.structure import main_system_code
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
    Skill,
)

POUND = 100


def _data() -> dict:
    return files.load("workforce/workforce.yaml")


class _Gen:
    def __init__(self, system: System, seed: int):
        self.system, self.seed = system, seed
        self.rng = random.Random(seed * 11 + 7)
        self.this_month = dt.date.today().replace(day=1)
        orgs = Organisation.objects.filter(footprints__system=system).distinct()
        self.orgs = {o.ods_code: o for o in orgs}
        self.icb = self.orgs[_data()["commissioner"]]
        self.mh = self.orgs[_data()["mental_health_trust"]]
        self.community = self.orgs[_data()["community_trust"]]
        self.programmes = list(Programme.objects.filter(system=system).order_by("name"))
        self.skills = {
            name: Skill.objects.get_or_create(system=system, name=name)[0]
            for name in _data()["skills"]
        }
        self.appointments: list[Appointment] = []
        self.lines = 0


@transaction.atomic
def generate(*, seed: int) -> dict[str, int]:
    system = System.objects.get(code=main_system_code())
    if Post.objects.filter(system=system).exists():
        return {"workforce.post": 0}
    g = _Gen(system, seed)
    posts = [_post(g, n, row) for n, row in enumerate(files.load("workforce/posts.csv"), start=1)]
    secondments = [a for a in g.appointments if a.kind == AppointmentKind.SECONDMENT]
    year = financial_year_of(dt.date.today())
    budgets = [_pooled_budget(g, spec, year, secondments) for spec in _data()["pooled_budgets"]]
    return {
        "workforce.post": len(posts),
        "workforce.appointment": len(g.appointments),
        "workforce.fundingline": g.lines,
        "workforce.skill": len(g.skills),
        "workforce.pooledbudget": len(budgets),
    }


def _post(g: _Gen, n: int, row: dict) -> Post:
    """Post ``n``, its funding line and (unless vacant) its appointment."""
    kind, team, cost = row["appointment"] or None, row["team"], int(row["annual_cost_thousands"])
    post = Post.objects.create(
        system=g.system,
        ref=f"er-{n:02d}",
        title=row["title"],
        team=team,
        band=_data()["band_by_cost"][cost],
        wte=Decimal("1.0") if n % 5 else Decimal("0.8"),
        host_employer=g.mh if kind in ("gifted", "secondment") and n % 2 else g.icb,
        programme=g.programmes[n % len(g.programmes)] if g.programmes and team == "PMO" else None,
        annual_cost_pence=cost * 1000 * POUND,
    )
    post.skills_needed.set([g.skills[s] for s in _data()["skills_needed"][team]])
    start = add_months(g.this_month, -g.rng.randint(6, 30))
    end = None
    if kind not in (None, "permanent"):
        end = add_months(g.this_month, int(row["contract_months"])) - dt.timedelta(days=1)
    _funding(g, post, row["source"], start, end)
    if kind is not None:  # else a vacancy
        _appoint(g, post, n, kind, start, end)
    return post


def _funding(g: _Gen, post: Post, source: str, start: dt.date, end: dt.date | None) -> None:
    """Transformation money from the commissioner, gifted from the mental health trust."""
    funders = {FundingSource.TRANSFORMATION: g.icb, FundingSource.GIFTED: g.mh}
    FundingLine.objects.create(
        post=post,
        source=source,
        funder=funders.get(source),
        annual_amount_pence=post.annual_cost_pence,
        start_date=start,
        end_date=end if source != FundingSource.POOLED else None,
    )
    g.lines += 1


def _appoint(g: _Gen, post: Post, n: int, kind: str, start: dt.date, end) -> None:
    """The first secondee from the community trust, the rest and gifted staff from mental health."""
    person, _ = Person.objects.update_or_create(
        ref=f"er-staff-{g.seed}-{n}", defaults={"name": files.full_name(g.rng)}
    )
    seconded = any(a.kind == AppointmentKind.SECONDMENT for a in g.appointments)
    appointment = Appointment.objects.create(
        post=post,
        person=person,
        kind=kind,
        from_organisation={
            AppointmentKind.SECONDMENT: g.mh if seconded else g.community,
            AppointmentKind.GIFTED: g.mh,
        }.get(kind),
        start_date=start,
        end_date=end,
    )
    held = _data()["skills_needed"][post.team][: 1 + n % 2]
    appointment.skills_held.set([g.skills[s] for s in held])
    g.appointments.append(appointment)


def _pooled_budget(g: _Gen, spec: dict, year: str, secondments: list[Appointment]):
    """A pooled budget (S12, S17); an in-kind contribution is the partner's secondee."""
    secondee = {a.from_organisation.ods_code: a for a in secondments}
    budget = PooledBudget.objects.create(
        system=g.system,
        code=spec["code"],
        name=spec["name"],
        financial_year=year,
        cap_pence=spec["cap_pounds"] * POUND,
        share_rule=spec["share_rule"],
    )
    for entry in spec["partners"]:
        org = g.orgs[entry["org"]] if "org" in entry else None
        partner = BudgetPartner.objects.create(
            budget=budget,
            organisation=org,
            name=org.name if org else entry["name"],
            category=entry["category"],
            agreed_share=Decimal(entry["share"]) if "share" in entry else None,
        )
        for c in entry["contributions"]:
            Contribution.objects.create(
                partner=partner,
                kind=c["kind"],
                amount_pence=c["pounds"] * POUND,
                description=c.get("description", ""),
                appointment=secondee.get(entry.get("org")) if c["kind"] == "in_kind" else None,
            )
    return budget
