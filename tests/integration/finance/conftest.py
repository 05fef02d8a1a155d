"""A small system's finances built with factories: the shape of the demo's, at a few rows' cost.

Four NHS providers and the commissioner report in ``YEAR``; ``surplus`` is forecast £9m above its
control total, ``deficit`` £7m below and ``mental_health`` £1.5m below; a council's figures sit
outside the system control total. The commissioner's spend moves from acute care to community
and primary care over three years, and a Better Care Fund pool overspends past its tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from engineroom.finance.models import Category, Plan
from engineroom.system.models import Organisation, OrganisationKind, Place, System
from factories.finance import (
    MILLION,
    YEAR,
    IncentiveAllocationFactory,
    IncentiveSchemeFactory,
    PlanFactory,
    PlanLineFactory,
    PoolFactory,
    PoolLineFactory,
    ReturnLineFactory,
    returns_for,
)
from factories.system import PlaceFactory, organisation_in

# Commissioner spend (£m) by sector for YEAR - 2, YEAR - 1 and YEAR.
ICB_SPEND = {
    Category.ACUTE: (480, 465, 450),
    Category.COMMUNITY: (100, 106, 112),
    Category.PRIMARY_CARE: (120, 125, 130),
    Category.CORPORATE: (40, 40, 40),
}
COUNCIL_SPEND = 60 * MILLION  # social care, each year


@dataclass
class World:
    system: System
    places: list[Place]
    icb: Organisation
    surplus: Organisation
    deficit: Organisation
    community: Organisation
    mental_health: Organisation
    council: Organisation

    def plan(self, organisation: Organisation, year: int = YEAR) -> Plan:
        return Plan.objects.get(system=self.system, organisation=organisation, year=year)


def _provider(system, kind, place, control_m, forecast_m) -> Organisation:
    organisation = organisation_in(system, kind=kind, place=place)
    plan = PlanFactory(
        system=system, organisation=organisation, control_total_pence=int(control_m * MILLION)
    )
    PlanLineFactory(plan=plan, category=Category.ACUTE)
    returns_for(plan, forecast=int(Decimal(str(forecast_m)) * MILLION), risk=MILLION // 10)
    return organisation


def _commissioner_years(system, icb, council) -> None:
    """Three years of the commissioner's spend: a year-end return (month 12) for each past
    year and three monthly returns in ``YEAR``; the council's social care alongside."""
    for index, year in enumerate((YEAR - 2, YEAR - 1, YEAR)):
        plan = PlanFactory(system=system, organisation=icb, year=year)
        months = range(1, 4) if year == YEAR else [12]
        for category, spend in ICB_SPEND.items():
            pence = spend[index] * MILLION
            PlanLineFactory(
                plan=plan, category=category, income_pence=pence, expenditure_pence=pence
            )
            for month in months:
                ReturnLineFactory(
                    plan=plan,
                    month=month,
                    category=category,
                    income_pence=pence if month == 12 else pence // 12,
                    expenditure_pence=pence if month == 12 else pence // 12,
                    forecast_income_pence=pence,
                    forecast_expenditure_pence=pence,
                )
        council_plan = PlanFactory(system=system, organisation=council, year=year)
        for month in months:
            ReturnLineFactory(
                plan=council_plan,
                month=month,
                category=Category.SOCIAL_CARE,
                income_pence=COUNCIL_SPEND if month == 12 else COUNCIL_SPEND // 12,
                expenditure_pence=COUNCIL_SPEND if month == 12 else COUNCIL_SPEND // 12,
                forecast_income_pence=COUNCIL_SPEND,
                forecast_expenditure_pence=COUNCIL_SPEND,
            )


def _schemes(world: World) -> None:
    scheme = IncentiveSchemeFactory(system=world.system, year=YEAR)
    for organisation in (world.surplus, world.deficit, world.community, world.mental_health):
        IncentiveAllocationFactory(scheme=scheme, organisation=organisation)
    pool = PoolFactory(system=world.system, year=YEAR, contingency_pence=MILLION // 2)
    PoolLineFactory(pool=pool, organisation=world.icb)
    PoolLineFactory(
        pool=pool,
        organisation=world.council,
        line="Disabled facilities grant",
        contribution_pence=8 * MILLION,
        spend_pence=8 * MILLION + MILLION // 10,
    )


def build_world(system: System) -> World:
    places = [
        PlaceFactory(system=system, population=300_000),
        PlaceFactory(system=system, population=100_000),
    ]
    icb = organisation_in(system, kind=OrganisationKind.ICB)
    council = organisation_in(system, kind=OrganisationKind.LA_UNITARY, place=places[0])
    _commissioner_years(system, icb, council)
    world = World(
        system=system,
        places=places,
        icb=icb,
        surplus=_provider(system, OrganisationKind.ACUTE, places[0], 3, 12),
        deficit=_provider(system, OrganisationKind.ACUTE, places[1], -2, -9),
        community=_provider(system, OrganisationKind.COMMUNITY, None, 0, 0.8),
        mental_health=_provider(system, OrganisationKind.MENTAL_HEALTH, None, 1, -0.5),
        council=council,
    )
    _schemes(world)
    return world


@pytest.fixture
def world(system) -> World:
    return build_world(system)


@pytest.fixture
def finance_of(member):
    """``finance_of(organisation)`` — a user in that partner's own finance team."""

    def make(organisation: Organisation):
        return member("finance", organisation=organisation)

    return make
