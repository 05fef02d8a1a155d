"""Demo finances: three years of plans, monthly returns and forecasts for every partner.

Fictional but plausible (income per head and trust sizes in the range of English systems): in
each system the first acute trust runs a surplus large enough to help and the second is in
deficit; the commissioner's spend shifts a little each year from acute care to community,
primary care and mental health; councils' spend is recorded outside the control total; each
system has a sustainability fund with half its value linked to the system control total.
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

MILLION = 100_000_000  # pence


def _data() -> dict:
    return files.load("finance.yaml")


def generate(*, seed: int) -> dict[str, int]:
    """Idempotent: the demo finances are built once; a second call changes nothing."""
    if Plan.objects.exists():
        return {"finance plans": 0}
    rng = random.Random(seed)
    today = dt.date.today()
    current = periods.year_of(today)
    last_month = max(1, periods.month_of(today) - 1)
    return _build(rng, current, last_month)


@transaction.atomic
def _build(rng: random.Random, current: int, last_month: int) -> dict[str, int]:
    plans, lines, returns, seen = [], [], [], set()
    for system in System.objects.order_by("id"):
        for org in _partners(system, seen):
            for year in (current - 2, current - 1, current):
                months = last_month if year == current else 12
                plan, plan_lines, rows = _plan(rng, system, org, year, current, months)
                plans.append(plan)
                lines += plan_lines
                returns += rows
    Plan.objects.bulk_create(plans)
    for line in lines + returns:
        line.plan_id = line.plan.pk
    PlanLine.objects.bulk_create(lines)
    ReturnLine.objects.bulk_create(returns, batch_size=2000)
    schemes = _incentives(current)
    pools = _pools(current)
    return {
        "pooled budgets": pools,
        "finance plans": len(plans),
        "finance plan lines": len(lines),
        "finance return lines": len(returns),
        "incentive schemes": schemes,
    }


def _partners(system: System, seen: set[int]) -> list[Organisation]:
    """NHS partners and councils, each counted in the first (host) system it serves."""
    kinds = [*NHS_KINDS, *COUNCIL_KINDS]
    orgs = Organisation.objects.filter(footprints__system=system, kind__in=kinds).distinct()
    mine = [o for o in orgs.order_by("ods_code") if o.pk not in seen]
    seen.update(o.pk for o in mine)
    return mine


def _profile(system: System, org: Organisation, year: int, current: int, rng):
    """(income, control total, outturn) in pence for one partner and year."""
    people = Decimal(system.population) / 1_000_000
    if org.kind == "icb":
        income = int(people * _data()["commissioner_income"] * MILLION)
        control, outturn = 0, rng.randint(-20, 20) * MILLION // 100
    elif org.kind in COUNCIL_KINDS:
        income, control, outturn = int(people * _data()["council_income"] * MILLION) // 4, 0, 0
    else:
        order = 1 if org.ods_code.endswith("2") else 0
        base, control_m, forecast_m = _data()["providers"][org.kind][order]
        income, control = int(people * base * MILLION), int(Decimal(str(control_m)) * MILLION)
        outturn = int(Decimal(str(forecast_m)) * MILLION)
        if year != current:
            outturn = control + rng.randint(-40, 40) * MILLION // 100
    growth = Decimal("1.04") ** (year - current)
    return int(income * growth), control, outturn


def _weights(org: Organisation, year: int, current: int) -> dict[str, int]:
    if org.kind == "icb":
        step = 2 - (current - year)  # 0, 1, 2 over the three years
        shift = _data()["commissioner_shift"]
        return {c: w + shift.get(c, 0) * step for c, w in _data()["commissioner_lines"].items()}
    return _data()["lines"]["council" if org.kind in COUNCIL_KINDS else org.kind]


def _plan(rng, system, org, year, current, months):
    income, control, outturn = _profile(system, org, year, current, rng)
    weights = _weights(org, year, current)
    cats = list(weights)
    plan = Plan(system=system, organisation=org, year=year, control_total_pence=control)
    inc = apportion(income, [weights[c] for c in cats])
    exp = apportion(income - control, [weights[c] for c in cats])
    over = apportion(control - outturn, [weights[c] for c in cats])
    plan_lines = [
        PlanLine(plan=plan, category=c, income_pence=i, expenditure_pence=e)
        for c, i, e in zip(cats, inc, exp, strict=True)
    ]
    rows = []
    for c, i, e, o in zip(cats, inc, exp, over, strict=True):
        rows += _returns(plan, c, i, e, o, months, current=year == current)
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
    count = 0
    for system in System.objects.all():
        providers = Plan.objects.filter(system=system, year=current).exclude(
            organisation__kind__in=["icb", *COUNCIL_KINDS]
        )
        spec = _data()["incentive_scheme"]
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
                amount_pence=sum(line.income_pence for line in p.lines.all()) // 100 // 100 * 100,
            )
            for p in providers.select_related("organisation")
        )
        count += 1
    return count


def _pools(current: int) -> int:
    """A Better Care Fund pool per system: the ICB and its councils, overspending a little."""
    count = 0
    for system in System.objects.all():
        icb = Organisation.objects.filter(kind="icb", footprints__system=system).first()
        councils = list(
            Organisation.objects.filter(footprints__system=system, kind__in=COUNCIL_KINDS)
            .distinct()
            .order_by("ods_code")
        )
        if icb is None or not councils:
            continue
        _pool(system, current, icb, councils)
        count += 1
    return count


def _pool(system: System, current: int, icb: Organisation, councils: list[Organisation]):
    people = Decimal(system.population) / 1_000_000
    spec = _data()["better_care_fund"]
    pool = Pool.objects.create(
        system=system,
        year=current,
        name=spec["name"],
        kind=spec["kind"],
        rule=spec["rule"],
        tolerance_percent=Decimal(spec["tolerance_percent"]),
        contingency_pence=int(people * MILLION // 2),
    )
    rows = [(icb, line, give, spend) for line, (give, spend) in spec["commissioner"].items()]
    rows += [
        (c, line, give / len(councils), spend / len(councils))
        for line, (give, spend) in spec["councils"].items()
        for c in councils
    ]
    PoolLine.objects.bulk_create(
        PoolLine(
            pool=pool,
            organisation=org,
            line=line,
            contribution_pence=int(people * Decimal(str(give)) * MILLION),
            spend_pence=int(people * Decimal(str(spend)) * MILLION),
        )
        for org, line, give, spend in rows
    )
