"""Demo finances: three years of plans, monthly returns and forecasts for every partner.

Fictional but plausible (``data/finance.yaml``): each organisation's income comes from the
people it serves (the populations of its footprints) at a rate drawn for it from the seed, so
every system has its own figures. Each system follows its own story: in the main system the
university trust is well ahead of plan and can cover the others (S14); the coast system plans a
deficit and slips; the others plan and deliver a small surplus. The commissioner's spend shifts a
little each year from acute care to community, primary care and mental health (S16); councils'
adult social care and public health budgets are recorded outside the control total; each system
has a sustainability fund with half its value linked to the system control total (S15) and a
Better Care Fund pool of the commissioner and its councils.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from engineroom.demo import files
from engineroom.finance.models import (
    IncentiveAllocation,
    IncentiveScheme,
    Plan,
    PlanLine,
    Pool,
    PoolLine,
    ReturnLine,
)
from engineroom.finance.money import apportion
from engineroom.system.models import COUNCIL_KINDS, NHS_KINDS, Organisation, System
from engineroom.web import periods

POUND = 100
ROUND_TO = 10_000 * POUND  # control totals and forecasts are planned to the nearest £10,000


def _data() -> dict:
    return files.load("finance.yaml")


def generate(*, seed: int) -> dict[str, int]:
    """Idempotent: the demo finances are built once; a second call changes nothing."""
    if Plan.objects.exists():
        return {"finance plans": 0}
    today = dt.date.today()
    current = periods.year_of(today)
    last_month = max(1, periods.month_of(today) - 1)
    return _build(seed, current, last_month)


def slot(org: Organisation) -> str:
    """How the finance data names an organisation's kind: an acute foundation trust apart."""
    if org.kind in COUNCIL_KINDS:
        return "council"
    if org.kind == "acute" and org.foundation_trust:
        return "acute_ft"
    return org.kind


def served(org: Organisation) -> int:
    """The people an organisation serves: its footprints' populations (part of an area counts
    for its share)."""
    part = Decimal(str(_data()["part_coverage"]))
    total = Decimal(0)
    for f in org.footprints.select_related("system", "place", "neighbourhood"):
        total += f.area.population * (part if f.coverage == "part" else 1)
    return int(total)


def _rng(seed: int, *parts: str) -> random.Random:
    return random.Random(":".join([str(seed), *parts]))


@transaction.atomic
def _build(seed: int, current: int, last_month: int) -> dict[str, int]:
    plans, lines, returns, seen = [], [], [], set()
    for system in System.objects.order_by("id"):
        growth = Decimal(str(round(_rng(seed, system.code).uniform(*_data()["growth"]), 4)))
        story = _data()["stories"].get(system.code, _data()["stories"]["default"])
        for org in _partners(system, seen):
            rng = _rng(seed, system.code, org.ods_code)
            base = _income_lines(org, rng)
            for year in (current - 2, current - 1, current):
                now = year == current
                income = _for_year(org, base, growth, current - year)
                positions = _positions(story, org, income, rng, current=now)
                plan, plan_lines, rows = _plan(
                    system, org, year, income, positions, last_month if now else 12, current=now
                )
                plans.append(plan)
                lines += plan_lines
                returns += rows
    Plan.objects.bulk_create(plans)
    for line in lines + returns:
        line.plan_id = line.plan.pk
    PlanLine.objects.bulk_create(lines)
    ReturnLine.objects.bulk_create(returns, batch_size=2000)
    return {
        "pooled budgets": _pools(seed, current),
        "finance plans": len(plans),
        "finance plan lines": len(lines),
        "finance return lines": len(returns),
        "incentive schemes": _incentives(current),
    }


def _partners(system: System, seen: set[int]) -> list[Organisation]:
    """NHS partners and councils, each counted in the first (host) system it serves."""
    kinds = [*NHS_KINDS, *COUNCIL_KINDS]
    orgs = Organisation.objects.filter(footprints__system=system, kind__in=kinds).distinct()
    mine = [o for o in orgs.order_by("ods_code") if o.pk not in seen]
    seen.update(o.pk for o in mine)
    return mine


def _income_lines(org: Organisation, rng: random.Random) -> dict[str, int]:
    """This year's income by category, in pence, from the people the organisation serves."""
    people = served(org)
    if slot(org) == "council":
        return {
            category: int(people * Decimal(str(round(rng.uniform(*rate), 2)))) * POUND
            for category, rate in _data()["council_lines"].items()
        }
    per_head = Decimal(str(round(rng.uniform(*_data()["income_per_head"][slot(org)]), 2)))
    total = int(people * per_head) * POUND
    weights = _weights(org, 0)
    return dict(zip(weights, apportion(total, list(weights.values())), strict=True))


def _weights(org: Organisation, years_back: int) -> dict[str, int]:
    if org.kind == "icb":
        step = 2 - years_back  # 0, 1, 2 over the three years
        shift = _data()["commissioner_shift"]
        return {c: w + shift.get(c, 0) * step for c, w in _data()["commissioner_lines"].items()}
    return _data()["lines"][slot(org)]


def _for_year(org: Organisation, base: dict[str, int], growth: Decimal, back: int):
    """An earlier year's income: smaller by the system's growth; the commissioner's mix shifts."""
    total = int(sum(base.values()) / growth**back)
    if org.kind == "icb":
        weights = _weights(org, back)
        return dict(zip(weights, apportion(total, list(weights.values())), strict=True))
    return dict(zip(base, apportion(total, list(base.values())), strict=True))


def _round(pence: Decimal | int) -> int:
    """To the nearest £10,000, but never to nothing: a small position stays visible."""
    rounded = round(Decimal(pence) / ROUND_TO) * ROUND_TO
    return rounded or (ROUND_TO if pence > 0 else -ROUND_TO if pence < 0 else 0)


def _positions(story: dict, org: Organisation, income: dict, rng, *, current: bool):
    """(control total, forecast outturn) in pence from the system's story for this slot."""
    plan_pct, forecast_pct = (Decimal(str(p)) for p in story[slot(org)])
    total = sum(income.values())
    control = _round(total * plan_pct / 100 * Decimal(str(rng.uniform(0.9, 1.1))))
    if current:
        outturn = _round(total * forecast_pct / 100 * Decimal(str(rng.uniform(0.9, 1.1))))
    else:
        drift = _data()["earlier_years_drift"]
        outturn = control + _round(total * Decimal(str(rng.uniform(-drift, drift))) / 100)
    return control, outturn


def _plan(system, org, year, income, positions, months, *, current):
    control, outturn = positions
    cats = list(income)
    weights = [income[c] for c in cats]
    plan = Plan(system=system, organisation=org, year=year, control_total_pence=control)
    spend = apportion(sum(weights) - control, weights)
    over = apportion(control - outturn, weights)
    plan_lines = [
        PlanLine(plan=plan, category=c, income_pence=income[c], expenditure_pence=e)
        for c, e in zip(cats, spend, strict=True)
    ]
    rows = []
    for c, e, o in zip(cats, spend, over, strict=True):
        rows += _returns(plan, c, income[c], e, o, months, current=current)
    return plan, plan_lines, rows


def _returns(plan, category, income, spend, over, months, *, current) -> list[ReturnLine]:
    """Monthly returns for one line: the overspend ``over`` shows in the forecast as it ramps."""
    monthly_income, monthly_spend = apportion(income, [1] * 12), apportion(spend + over, [1] * 12)
    rows = []
    for m in range(1, months + 1):
        ramp = Decimal(m) / months if current else min(Decimal(1), Decimal(m) / 9)
        rows.append(
            ReturnLine(
                plan=plan,
                month=m,
                category=category,
                income_pence=monthly_income[m - 1],
                expenditure_pence=monthly_spend[m - 1],
                forecast_income_pence=income,
                forecast_expenditure_pence=spend + int(over * ramp),
                risk_pence=abs(over) * (12 - m) // 40,
            )
        )
    return rows


def _incentives(current: int) -> int:
    """Each system's sustainability fund: a share of each provider's income this year."""
    spec = _data()["incentive_scheme"]
    share = Decimal(str(spec["share_of_income"]))
    count = 0
    for system in System.objects.order_by("id"):
        providers = Plan.objects.filter(system=system, year=current).exclude(
            organisation__kind__in=["icb", *COUNCIL_KINDS]
        )
        scheme = IncentiveScheme.objects.create(
            system=system,
            year=current,
            name=spec["name"],
            linked_share=Decimal(spec["linked_share"]),
        )
        IncentiveAllocation.objects.bulk_create(
            IncentiveAllocation(
                scheme=scheme,
                organisation=p.organisation,
                amount_pence=_round(sum(line.income_pence for line in p.lines.all()) * share),
            )
            for p in providers.select_related("organisation").prefetch_related("lines")
        )
        count += 1
    return count


def _pools(seed: int, current: int) -> int:
    """A Better Care Fund pool per system: the ICB and its councils, overspending a little."""
    count = 0
    for system in System.objects.order_by("id"):
        icb = Organisation.objects.filter(kind="icb", footprints__system=system).first()
        councils = list(
            Organisation.objects.filter(footprints__system=system, kind__in=COUNCIL_KINDS)
            .distinct()
            .order_by("ods_code")
        )
        if icb is None or not councils:
            continue
        _pool(system, current, icb, councils, _rng(seed, system.code, "bcf"))
        count += 1
    return count


def _residents(org: Organisation, system: System) -> int:
    """A council's residents in one system (a county council can span two)."""
    part = Decimal(str(_data()["part_coverage"]))
    return int(
        sum(
            f.area.population * (part if f.coverage == "part" else 1)
            for f in org.footprints.filter(system=system).select_related("system", "place")
        )
    )


def _pool(system, current, icb, councils, rng) -> None:
    spec = _data()["better_care_fund"]
    pool = Pool.objects.create(
        system=system,
        year=current,
        name=spec["name"],
        kind=spec["kind"],
        rule=spec["rule"],
        tolerance_percent=Decimal(spec["tolerance_percent"]),
        contingency_pence=_round(
            system.population * _draw(rng, *spec["contingency_per_head"]) * POUND
        ),
    )
    rows = [(icb, line, system.population, rates) for line, rates in spec["commissioner"].items()]
    rows += [
        (c, line, _residents(c, system), rates)
        for c in councils
        for line, rates in spec["councils"].items()
    ]
    PoolLine.objects.bulk_create(
        _pool_line(pool, org, line, people, rates, rng) for org, line, people, rates in rows
    )


def _draw(rng, low: float, high: float) -> Decimal:
    """A seeded draw between ``low`` and ``high`` as a Decimal, so money stays out of floats."""
    return Decimal(str(round(rng.uniform(low, high), 6)))


def _pool_line(pool, org, line, people, rates, rng) -> PoolLine:
    low, high, spend_low, spend_high = rates
    contribution = int(people * _draw(rng, low, high)) // 1000 * 1000 * POUND
    spend = int(contribution * _draw(rng, spend_low, spend_high)) // (1000 * POUND) * 1000 * POUND
    return PoolLine(
        pool=pool, organisation=org, line=line, contribution_pence=contribution, spend_pence=spend
    )
