"""How a system decides: bodies, delegations, meetings, decisions, ratifications and interests.

Money is integer pence. Memberships, delegations and interests are dated relations. Every change
to a decision, membership or interest is written through ``services`` with an audit entry, so its
history is the audit log filtered by the object's subject (``governance.decision:<pk>`` etc.).
"""

from __future__ import annotations

from django.conf import settings
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


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class MinutesStatus(models.TextChoices):
    NONE = "none", "Not started"
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = models.TextField(blank=True)
    minutes_status = models.CharField(
        max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_approved_on = models.DateField(null=True, blank=True)
    minutes_published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.body} – {self.starts_at:%d %b %Y}"


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    DISCUSSION = "discussion", "For discussion"
    ASSURANCE = "assurance", "For assurance"
    INFORMATION = "information", "For information"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.DISCUSSION)
    confidential = models.BooleanField("Part 2 (confidential)", default=False)
    key_decision = models.BooleanField(default=False)
    notice_given_on = models.DateField(help_text="When the item entered the forward plan.")
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="agenda_items",
        help_text="Organisations it concerns.",
    )
    presenter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "confidential", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


def paper_path(instance: Paper, filename: str) -> str:
    return f"governance/papers/{instance.item.meeting_id}/{filename}"


class Paper(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_path, blank=True)
    html = models.TextField("paper text", blank=True)
    confidential = models.BooleanField(default=False)
    published = models.BooleanField(default=False)

    class Meta:
        ordering = ["item__number", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_confidential(self) -> bool:
        return self.confidential or self.item.confidential


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class Action(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=8, choices=ActionStatus.choices, default="open")
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed by the system body"
    AWAITING = "awaiting_ratification", "Awaiting ratification"
    EFFECTIVE = "effective", "Effective"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decision(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
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
            models.UniqueConstraint(fields=["body", "reference"], name="decision_ref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


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
