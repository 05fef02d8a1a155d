"""Factories for system finance: plans and returns, transfer rounds, incentives, pools, scenarios.

Money is integer pence; ``MILLION`` is a million pounds. ``returns_for`` writes a partner's
monthly returns so that its forecast outturn is what a test needs.
"""

from __future__ import annotations

from decimal import Decimal

import factory

from engineroom.finance import models
from engineroom.finance.models import Category
from factories.accounts import UserFactory
from factories.system import OrganisationFactory, SystemFactory

MILLION = 100_000_000  # pence
YEAR = 2025


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Plan

    system = factory.SubFactory(SystemFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    year = YEAR
    control_total_pence = 0


class PlanLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PlanLine

    plan = factory.SubFactory(PlanFactory)
    category = Category.ACUTE
    income_pence = 100 * MILLION
    expenditure_pence = 100 * MILLION


class ReturnLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReturnLine

    plan = factory.SubFactory(PlanFactory)
    month = 1
    category = Category.ACUTE
    income_pence = 8 * MILLION
    expenditure_pence = 8 * MILLION
    forecast_income_pence = 100 * MILLION
    forecast_expenditure_pence = 100 * MILLION
    risk_pence = 0


def returns_for(
    plan: models.Plan,
    *,
    forecast: int,
    months: int = 3,
    category: str = Category.ACUTE,
    spend: int = 100 * MILLION,
    risk: int = 0,
) -> list[models.ReturnLine]:
    """Returns for months 1..``months`` forecasting an outturn of ``forecast`` pence."""
    return [
        ReturnLineFactory(
            plan=plan,
            month=month,
            category=category,
            income_pence=(spend + forecast) // 12,
            expenditure_pence=spend // 12,
            forecast_income_pence=spend + forecast,
            forecast_expenditure_pence=spend,
            risk_pence=risk,
        )
        for month in range(1, months + 1)
    ]


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportBatch

    plan = factory.SubFactory(PlanFactory)
    filename = "return.csv"
    rows = factory.LazyFunction(
        lambda: [
            {
                "month": 1,
                "category": Category.ACUTE.value,
                "income": 100_000,
                "expenditure": 90_000,
                "forecast_income": 1_200_000,
                "forecast_expenditure": 1_100_000,
                "risk": 0,
            }
        ]
    )
    created_by = factory.SubFactory(UserFactory)


class TransferRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TransferRound

    system = factory.SubFactory(SystemFactory)
    year = YEAR
    as_at_month = 3
    created_by = factory.SubFactory(UserFactory)


class RoundPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RoundPartner

    round = factory.SubFactory(TransferRoundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    control_total_pence = 0
    forecast_pence = MILLION


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Transfer

    round = factory.SubFactory(TransferRoundFactory)
    giver = factory.SubFactory(OrganisationFactory)
    receiver = factory.SubFactory(OrganisationFactory)
    amount_pence = MILLION
    explanation = "The receiver is forecast short of its control total; the giver is above its own."


class IncentiveSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.IncentiveScheme

    system = factory.SubFactory(SystemFactory)
    year = YEAR
    name = "System sustainability fund"
    linked_share = Decimal("0.5")


class IncentiveAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.IncentiveAllocation

    scheme = factory.SubFactory(IncentiveSchemeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    amount_pence = 10 * MILLION


class PoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Pool

    system = factory.SubFactory(SystemFactory)
    year = YEAR
    name = "Better Care Fund"
    kind = models.Pool.Kind.BCF
    rule = models.Pool.Rule.CONTRIBUTION
    tolerance_percent = Decimal("1.5")
    contingency_pence = 0


class PoolLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PoolLine

    pool = factory.SubFactory(PoolFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    line = "Intermediate care and discharge"
    contribution_pence = 30 * MILLION
    spend_pence = 31 * MILLION


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Scenario

    system = factory.SubFactory(SystemFactory)
    year = YEAR
    name = factory.Sequence(lambda n: f"Scenario {n}")
    as_at_month = 3
    created_by = factory.SubFactory(UserFactory)


class ScenarioLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ScenarioLine

    scenario = factory.SubFactory(ScenarioFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    control_total_pence = 0
    forecast_pence = MILLION
    adjustment_pence = 0
