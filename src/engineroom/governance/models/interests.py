"""Registers of interests, annual returns and declarations made at meetings (S8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from engineroom.governance.models.meetings import AgendaItem
from engineroom.system.models import Organisation, Person, System


class InterestKind(models.TextChoices):
    FINANCIAL = "financial", "Financial"
    PROFESSIONAL = "professional", "Non-financial professional"
    PERSONAL = "personal", "Non-financial personal"
    INDIRECT = "indirect", "Indirect"
    GIFT = "gift", "Gift"
    HOSPITALITY = "hospitality", "Hospitality"


class Interest(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interests")
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="interests")
    kind = models.CharField(max_length=16, choices=InterestKind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="interests"
    )
    counterparty = models.CharField(
        "organisation or source", max_length=200, help_text="Named when not a listed organisation."
    )
    description = models.TextField()
    value_pence = models.BigIntegerField(null=True, blank=True)
    start_date = models.DateField("arose on")
    end_date = models.DateField(null=True, blank=True)
    declared_on = models.DateField()
    publish = models.BooleanField(default=True, help_text="Withhold for privacy or legal reasons.")
    withheld_reason = models.CharField(max_length=200, blank=True)
    mitigation = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["person__name", "-start_date"]


class AnnualReturn(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="annual_returns")
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    year = models.CharField("financial year", max_length=7)
    submitted_on = models.DateField()
    nil = models.BooleanField("nil return", default=False)

    class Meta:
        ordering = ["-year", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "system", "year"], name="one_return_a_year")
        ]


class Declaration(models.Model):
    """A declaration made at a meeting, recorded in its minutes."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    interest = models.ForeignKey(Interest, on_delete=models.PROTECT, related_name="declarations")
    action = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["item__number", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person", "interest"], name="declaration_once")
        ]
