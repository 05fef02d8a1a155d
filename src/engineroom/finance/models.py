"""Finance data: plans and monthly returns per partner and year, transfers, incentive schemes.

Money is integer pence. Years are the first calendar year of the financial year (2025 = 2025/26);
months are 1 (April) to 12 (March). A plan belongs to the system whose control total it counts
towards: a partner serving several systems (an ambulance trust) reports to its host system.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from engineroom.system.models import Organisation, System
from engineroom.web import periods


class Category(models.TextChoices):
    ACUTE = "acute", "Acute care"
    COMMUNITY = "community", "Community services"
    MENTAL_HEALTH = "mental_health", "Mental health"
    PRIMARY_CARE = "primary_care", "Primary care"
    PRESCRIBING = "prescribing", "Prescribing"
    CONTINUING_HEALTHCARE = "continuing_healthcare", "Continuing healthcare"
    SOCIAL_CARE = "social_care", "Social care"
    AMBULANCE = "ambulance", "Ambulance services"
    CORPORATE = "corporate", "Corporate and running costs"


class Plan(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="finance_plans")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="finance_plans"
    )
    year = models.PositiveSmallIntegerField(help_text="First calendar year: 2025 is 2025/26.")
    control_total_pence = models.BigIntegerField(
        help_text="Planned surplus (positive) or deficit (negative) agreed for the year."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "organisation", "year"], name="finance_one_plan_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} {periods.year_label(self.year)}"


class PlanLine(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(max_length=24, choices=Category.choices)
    income_pence = models.BigIntegerField(default=0)
    expenditure_pence = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["category"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "category"], name="finance_plan_line_unique")
        ]


class ReturnLine(models.Model):
    """One line of a monthly return: the month's actuals and the forecast outturn for the year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="returns")
    month = models.PositiveSmallIntegerField(help_text="1 = April … 12 = March")
    category = models.CharField(max_length=24, choices=Category.choices)
    income_pence = models.BigIntegerField(default=0)
    expenditure_pence = models.BigIntegerField(default=0)
    forecast_income_pence = models.BigIntegerField(default=0)
    forecast_expenditure_pence = models.BigIntegerField(default=0)
    risk_pence = models.BigIntegerField(default=0, help_text="Unmitigated risk to the forecast.")

    class Meta:
        ordering = ["month", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "month", "category"], name="finance_return_line_unique"
            )
        ]


class ImportBatch(models.Model):
    """A checked monthly-return file waiting for confirmation: nothing is saved until then."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        APPLIED = "applied", "Imported"
        DISCARDED = "discarded", "Discarded"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(help_text="Checked rows, amounts in pence.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class TransferRound(models.Model):
    """One run of the transfer programme, with the inputs it used kept for the audit trail.

    A round is open while the partners agree or decline its transfers; the system finance lead
    closes it (no more decisions) and marks it settled once the agreed money has moved.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open for decisions"
        CLOSED = "closed", "Closed"
        SETTLED = "settled", "Settled"

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="transfer_rounds")
    year = models.PositiveSmallIntegerField()
    as_at_month = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class RoundPartner(models.Model):
    round = models.ForeignKey(TransferRound, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    control_total_pence = models.BigIntegerField()
    forecast_pence = models.BigIntegerField()
    limit_pence = models.BigIntegerField(null=True, blank=True)
    excluded = models.BooleanField(default=False)
    unmet_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["organisation__name"]


class Transfer(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        DECLINED = "declined", "Declined"

    round = models.ForeignKey(TransferRound, on_delete=models.CASCADE, related_name="transfers")
    giver = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    amount_pence = models.BigIntegerField()
    explanation = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    giver_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    giver_agreed_at = models.DateTimeField(null=True, blank=True)
    receiver_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiver_agreed_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["round", "-amount_pence"]


class IncentiveScheme(models.Model):
    """Sustainability or incentive funding, a share of which is linked to the system total."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="incentive_schemes")
    year = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    linked_share = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        help_text="Share (0 to 1) of each partner's funding that depends on the system total.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IncentiveAllocation(models.Model):
    scheme = models.ForeignKey(
        IncentiveScheme, on_delete=models.CASCADE, related_name="allocations"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    amount_pence = models.BigIntegerField()

    class Meta:
        ordering = ["organisation__name"]


class Pool(models.Model):
    """A section 75 pooled budget (the Better Care Fund is one) with its risk-share rule."""

    class Kind(models.TextChoices):
        BCF = "bcf", "Better Care Fund (section 75)"
        S75 = "s75", "Section 75 pooled budget"

    class Rule(models.TextChoices):
        OWN = "own", "Each bears its own"
        CONTRIBUTION = "contribution", "By contribution share"
        FIXED = "fixed", "Fixed shares per line"
        CONTINGENCY = "contingency", "Contingency pot first, then by contribution"
        ORDER = "order", "Order of cover"

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="pools")
    year = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    rule = models.CharField(max_length=12, choices=Rule.choices)
    tolerance_percent = models.DecimalField(
        max_digits=5, decimal_places=2, help_text="Alert when the overspend exceeds this share."
    )
    contingency_pence = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoolLine(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="lines")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    line = models.CharField(max_length=200)
    contribution_pence = models.BigIntegerField()
    spend_pence = models.BigIntegerField()
    fixed_share = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Share (0 to 1) of this line's overspend borne by this organisation.",
    )
    cover_order = models.PositiveSmallIntegerField(null=True, blank=True)
    cover_cap_pence = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["line", "organisation__name"]


class Scenario(models.Model):
    """A named copy of a year's forecasts whose assumptions can be changed and compared."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="finance_scenarios")
    year = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    as_at_month = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ScenarioLine(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="lines")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    control_total_pence = models.BigIntegerField()
    forecast_pence = models.BigIntegerField(help_text="Forecast copied when the scenario was made.")
    adjustment_pence = models.BigIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["organisation__name"]

    @property
    def outturn(self) -> int:
        return self.forecast_pence + self.adjustment_pence

    @property
    def meets(self) -> bool:
        return self.outturn >= self.control_total_pence
