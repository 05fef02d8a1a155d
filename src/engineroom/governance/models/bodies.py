"""Bodies, their members and the authority delegated to them (S4, S6, S7)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from engineroom.system.models import (
    Dated,
    Level,
    Neighbourhood,
    Organisation,
    Person,
    Place,
    System,
)


class BodyKind(models.TextChoices):
    PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
    LEADERSHIP_GROUP = "leadership_group", "Leadership group"
    EXECUTIVE_GROUP = "executive_group", "Executive group"
    CLINICAL_DELIVERY_GROUP = "clinical_delivery_group", "Clinical delivery group"
    FINANCE_GROUP = "finance_group", "Finance group"
    PROGRAMME_BOARD = "programme_board", "Programme board"
    JOINT_COMMITTEE = "joint_committee", "Joint committee"
    COMMITTEE_IN_COMMON = "committee_in_common", "Committees in common"
    PROVIDER_COLLABORATIVE_BOARD = "provider_collaborative_board", "Provider collaborative board"
    PLACE_BOARD = "place_board", "Place partnership board"
    NEIGHBOURHOOD_TEAM = "neighbourhood_team", "Neighbourhood leadership team"
    HEALTH_AND_WELLBEING_BOARD = "health_and_wellbeing_board", "Health and wellbeing board"
    OVERVIEW_AND_SCRUTINY = "overview_and_scrutiny", "Overview and scrutiny committee"


EXTERNAL_KINDS = frozenset({BodyKind.HEALTH_AND_WELLBEING_BOARD, BodyKind.OVERVIEW_AND_SCRUTINY})


class DecisionMode(models.TextChoices):
    CONSENSUS = "consensus", "Consensus"
    MAJORITY = "majority", "Majority of voting members"
    DELEGATED = "delegated", "Delegated authority"


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every other month"
    QUARTERLY = "quarterly", "Quarterly"
    AD_HOC = "ad_hoc", "As needed"


class Body(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="bodies")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=BodyKind.choices)
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.SYSTEM)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.PROTECT
    )
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reporting_bodies"
    )
    parties = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="governance_bodies",
        help_text="Organisations party to a joint committee or committees in common.",
    )
    terms_of_reference = models.TextField(blank=True)
    terms_published = models.BooleanField("terms of reference published", default=False)
    quorum_minimum = models.PositiveSmallIntegerField("quorum: voting members present", default=3)
    quorum_each_party = models.BooleanField(
        "quorum: every party organisation represented", default=False
    )
    decision_mode = models.CharField(
        max_length=16, choices=DecisionMode.choices, default=DecisionMode.CONSENSUS
    )
    cadence = models.CharField(max_length=16, choices=Cadence.choices, default=Cadence.MONTHLY)
    independent_chair = models.BooleanField(default=False)
    published = models.BooleanField("has a public page", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="body_code_unique_in_system")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_joint_committee(self) -> bool:
        return self.kind == BodyKind.JOINT_COMMITTEE

    @property
    def is_committee_in_common(self) -> bool:
        return self.kind == BodyKind.COMMITTEE_IN_COMMON


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice chair"
    MEMBER = "member", "Member"
    ATTENDEE = "attendee", "Regular attendee"
    SECRETARY = "secretary", "Secretary"


class Member(Dated):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="body_memberships")
    role = models.CharField(max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voting = models.BooleanField(default=True)

    class Meta:
        ordering = ["body", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="member_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} of {self.body}"


class Category(models.TextChoices):
    SERVICE_CHANGE = "service_change", "Service change"
    CLINICAL_PATHWAY = "clinical_pathway", "Clinical pathway"
    FUNDING = "funding", "Funding allocation"
    CONTRACT = "contract", "Contract award"
    WORKFORCE = "workforce", "Workforce"
    ESTATES = "estates", "Estates and capital"
    DIGITAL = "digital", "Digital and data"
    STRATEGY = "strategy", "Strategy and plans"


class Delegation(Dated):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="delegations")
    category = models.CharField(max_length=24, choices=Category.choices)
    limit_pence = models.BigIntegerField("financial limit (pence)")
    delegated_by = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="onward_delegations"
    )
    source_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(
        max_length=200, help_text="The instrument, e.g. the ICB scheme of delegation."
    )
    requires_ratification = models.BooleanField(default=True)

    class Meta:
        ordering = ["body__name", "category", "limit_pence"]
        constraints = [
            models.CheckConstraint(condition=Q(limit_pence__gte=0), name="delegation_limit_ge0"),
            models.CheckConstraint(
                condition=Q(delegated_by__isnull=False) | Q(source_organisation__isnull=False),
                name="delegation_has_a_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.get_category_display()}"

    @property
    def delegator(self) -> str:
        source = self.delegated_by or self.source_organisation
        return source.name if source else ""
