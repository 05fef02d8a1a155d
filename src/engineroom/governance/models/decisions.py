"""Decisions and each partner's ratification or parallel decision (S5, S6)."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower

from engineroom.governance.models.bodies import Body, Category, Delegation
from engineroom.governance.models.meetings import AgendaItem
from engineroom.system.models import Organisation, Place, System


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed by the system body"
    AWAITING = "awaiting_ratification", "Awaiting ratification"
    EFFECTIVE = "effective", "Effective"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decision(models.Model):
    """A decision of a body. Its reference is unique in the system, whatever the case
    (``VD-001`` and ``vd-001`` are one reference): ``system`` is the body's, set on save."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="+", editable=False)
    reference = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    category = models.CharField(max_length=24, choices=Category.choices)
    value_pence = models.BigIntegerField(default=0)
    places = models.ManyToManyField(Place, blank=True, related_name="+")
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="affected_by_decisions"
    )
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    confidential = models.BooleanField(default=False)
    status = models.CharField(
        max_length=24, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED
    )
    proposed_on = models.DateField()
    agreed_on = models.DateField(null=True, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True, help_text="Rejected or withdrawn on.")
    outcome_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                "system",
                Lower("reference"),
                name="decision_ref_unique_in_system",
                violation_error_message="This system already has a decision with this reference.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def save(self, *args, **kwargs):
        self.system_id = self.body.system_id
        super().save(*args, **kwargs)


class PartnerDecisionKind(models.TextChoices):
    RATIFICATION = "ratification", "Ratification by the partner's board"
    IN_COMMON = "in_common", "Parallel decision of the partner's committee"


class PartnerOutcome(models.TextChoices):
    PENDING = "pending", "Pending"
    RATIFIED = "ratified", "Ratified"
    REJECTED = "rejected", "Rejected"


class PartnerDecision(models.Model):
    """One sovereign board's ratification, or one member's decision in a committee in common."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=PartnerDecisionKind.choices)
    outcome = models.CharField(
        max_length=12, choices=PartnerOutcome.choices, default=PartnerOutcome.PENDING
    )
    decided_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "organisation"], name="one_partner_decision_each"
            )
        ]
