"""The engine room's own people: posts, appointments, funding lines and skills; and the pooled
budget partners put in (cash or seconded staff valued at cost) against a cap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from engineroom.system.models import Organisation, Person, System


class Band(models.TextChoices):
    """Agenda for Change bands."""

    B4 = "4", "Band 4"
    B5 = "5", "Band 5"
    B6 = "6", "Band 6"
    B7 = "7", "Band 7"
    B8A = "8a", "Band 8a"
    B8B = "8b", "Band 8b"
    B8C = "8c", "Band 8c"
    B8D = "8d", "Band 8d"
    B9 = "9", "Band 9"
    VSM = "vsm", "Very senior manager"


class Skill(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["system", "name"], name="skill_unique")]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="engine_room_posts")
    ref = models.SlugField("reference", max_length=40)
    title = models.CharField(max_length=200)
    team = models.CharField(max_length=100)
    band = models.CharField("Agenda for Change band", max_length=4, choices=Band.choices)
    wte = models.DecimalField(
        "whole-time equivalent",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1.0"))],
    )
    host_employer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    annual_cost_pence = models.BigIntegerField(
        "annual cost", help_text="Salary with on-costs, in pence."
    )
    skills_needed = models.ManyToManyField(Skill, blank=True, related_name="needed_by")

    class Meta:
        ordering = ["team", "title"]
        constraints = [
            models.UniqueConstraint(fields=["system", "ref"], name="post_ref_unique"),
            models.CheckConstraint(condition=Q(annual_cost_pence__gte=0), name="post_cost_ge_0"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.team})"


class AppointmentKind(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed_term", "Fixed-term"
    SECONDMENT = "secondment", "Secondment"
    GIFTED = "gifted", "Gifted by a partner"
    NATIONAL = "national", "Employed by the national body and aligned"


class Appointment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="appointments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    kind = models.CharField(max_length=16, choices=AppointmentKind.choices)
    from_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The substantive employer of a secondee or gifted member of staff.",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    skills_held = models.ManyToManyField(Skill, blank=True, related_name="held_by")

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="appointment_dates_in_order",
            )
        ]

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class FundingSource(models.TextChoices):
    TRANSFORMATION = "transformation", "Non-recurrent transformation funding"
    POOLED = "pooled", "Pooled budget"
    NATIONAL = "national", "National body (employed and aligned)"
    GIFTED = "gifted", "Gifted by a partner"


class FundingLine(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="funding_lines")
    source = models.CharField(max_length=16, choices=FundingSource.choices)
    funder = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    annual_amount_pence = models.BigIntegerField("annual amount")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_amount_pence__gt=0), name="funding_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="funding_dates_in_order",
            ),
        ]


class ShareRule(models.TextChoices):
    EQUAL = "equal", "Equal shares"
    AGREED = "agreed", "Agreed shares"


class PooledBudget(models.Model):
    """A budget partners pool to run the engine room, capped at a system total."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="pooled_budgets")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    financial_year = models.CharField(max_length=7, help_text="For example 2025/26.")
    cap_pence = models.BigIntegerField("cap")
    share_rule = models.CharField(max_length=8, choices=ShareRule.choices)

    class Meta:
        ordering = ["-financial_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="pooled_budget_code_unique"),
            models.CheckConstraint(condition=Q(cap_pence__gt=0), name="pooled_cap_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.financial_year}"


class FunderCategory(models.TextChoices):
    COMMISSIONER = "commissioner", "Commissioners (ICB or CCGs)"
    CENTRAL = "central", "Central (national bodies)"
    PROVIDER = "provider", "Providers"
    COUNCIL = "council", "Councils"
    OTHER = "other", "Other partners"


class BudgetPartner(models.Model):
    """A contributor to a pooled budget with its agreed share (equal-share budgets ignore it)."""

    budget = models.ForeignKey(PooledBudget, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200, help_text="Shown when there is no organisation.")
    category = models.CharField(max_length=16, choices=FunderCategory.choices)
    agreed_share = models.DecimalField(
        "agreed share (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "name"], name="budget_partner_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ContributionKind(models.TextChoices):
    CASH = "cash", "Cash"
    IN_KIND = "in_kind", "In kind (seconded staff at cost)"


class Contribution(models.Model):
    partner = models.ForeignKey(
        BudgetPartner, on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(max_length=8, choices=ContributionKind.choices)
    amount_pence = models.BigIntegerField("amount")
    description = models.CharField(max_length=200, blank=True)
    appointment = models.ForeignKey(
        Appointment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The secondment an in-kind contribution values.",
    )

    class Meta:
        ordering = ["partner__name", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0), name="contribution_amount_positive"
            ),
        ]
