"""Factories for the engine room: skills, posts, appointments, funding lines, pooled budgets, their
partners and contributions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from engineroom.workforce import models
from factories.system import OrganisationFactory, PersonFactory, SystemFactory

START = dt.date(2024, 4, 1)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Skill

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Post
        skip_postgeneration_save = True

    system = factory.SubFactory(SystemFactory)
    ref = factory.Sequence(lambda n: f"er-{n:02d}")
    title = factory.Sequence(lambda n: f"Analyst {n}")
    team = "PMO"
    band = models.Band.B7
    wte = Decimal("1.0")
    host_employer = factory.SubFactory(OrganisationFactory)
    programme = None
    annual_cost_pence = 5_000_000

    @factory.post_generation
    def skills_needed(self, create, skills, **kwargs):
        if create and skills:
            self.skills_needed.set(skills)


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A permanent appointment from 2024; pass ``kind`` and ``end_date`` for a contract."""

    class Meta:
        model = models.Appointment
        skip_postgeneration_save = True

    post = factory.SubFactory(PostFactory)
    person = factory.SubFactory(PersonFactory)
    kind = models.AppointmentKind.PERMANENT
    from_organisation = None
    start_date = START
    end_date = None

    @factory.post_generation
    def skills_held(self, create, skills, **kwargs):
        if create and skills:
            self.skills_held.set(skills)


class FundingLineFactory(factory.django.DjangoModelFactory):
    """Recurrent funding of the whole post cost from 2024."""

    class Meta:
        model = models.FundingLine

    post = factory.SubFactory(PostFactory)
    source = models.FundingSource.TRANSFORMATION
    funder = None
    annual_amount_pence = factory.SelfAttribute("post.annual_cost_pence")
    start_date = START
    end_date = None


class PooledBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PooledBudget

    system = factory.SubFactory(SystemFactory)
    code = factory.Sequence(lambda n: f"budget-{n}")
    name = factory.Sequence(lambda n: f"Pooled budget {n}")
    financial_year = "2025/26"
    cap_pence = 30_000_000
    share_rule = models.ShareRule.EQUAL


class BudgetPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BudgetPartner

    budget = factory.SubFactory(PooledBudgetFactory)
    organisation = None
    name = factory.Sequence(lambda n: f"Partner {n}")
    category = models.FunderCategory.PROVIDER
    agreed_share = None


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contribution

    partner = factory.SubFactory(BudgetPartnerFactory)
    kind = models.ContributionKind.CASH
    amount_pence = 10_000_000
    description = "Cash"
    appointment = None
