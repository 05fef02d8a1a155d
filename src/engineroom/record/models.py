"""The shared care record: a store for reading one person fast, and the decisions around it.

The store (:class:`RecordLoad`, :class:`PersonRecord`) is rebuilt from the linked lake by
:mod:`engineroom.record.store`: a load writes every person's document under a new
``RecordLoad`` and only then, in one transaction, makes it current. Readers always read the
current load's rows, so a reload never shows a half record, and a failed load leaves the last one.

The rest are the direct-care decisions that open (or close) a record to someone:

- :class:`CareTeamMember` and :class:`Referral`: two of the legitimate relationships (the others,
  registration and an open episode, come from the record itself);
- :class:`BreakGlass`: access without a relationship, with a reason, for a time, reviewed by the
  organisation's Caldicott Guardian;
- :class:`SharingObjection`: the person's objection to sharing their record (a FHIR Consent with
  ``deny``);
- :class:`PatientAccount`: a person signed in to see their own record and who viewed it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

NHS_NUMBER = {"max_length": 10, "db_index": True}


class LoadStatus(models.TextChoices):
    LOADING = "loading", "Loading"
    CURRENT = "current", "Current"
    RETIRED = "retired", "Retired"
    FAILED = "failed", "Failed"


class RecordLoad(models.Model):
    """One load of the store from one version of the linked lake."""

    version = models.CharField(max_length=80, help_text="The linked lake version loaded")
    status = models.CharField(max_length=10, choices=LoadStatus.choices)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    people = models.PositiveIntegerField(default=0)
    entries = models.PositiveBigIntegerField(default=0)
    extract_date = models.DateField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="current"), name="one_current_record_load"
            )
        ]

    def __str__(self) -> str:
        return f"record load {self.pk} of {self.version} ({self.status})"


class PersonRecord(models.Model):
    """One person's whole linked record in one load: demographics as columns (to find them) and
    everything else in ``document`` (read in one indexed lookup).

    ``document`` is ``{"entries": [...]}``, each entry a dict with ``id``, ``kind`` (encounter,
    condition, observation, medication, allergy, immunisation, alert), ``setting`` (gp, ae,
    inpatient, outpatient, community, mental_health, social_care, care_home), ``date``, ``end``,
    ``source`` (ODS code of the organisation that recorded it), ``code``, ``system``,
    ``display``, ``value``, ``unit``, ``sensitive`` (a category or None) and ``status``; newest
    first. See :mod:`engineroom.record.store`.
    """

    load = models.ForeignKey(RecordLoad, on_delete=models.CASCADE, related_name="records")
    nhs_number = models.CharField(max_length=10)
    family_name = models.CharField(max_length=100, blank=True)
    given_name = models.CharField(max_length=100, blank=True)
    family_key = models.CharField(max_length=100, blank=True, help_text="family_name.casefold()")
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    postcode_district = models.CharField(max_length=8, blank=True)
    registered_practice = models.CharField(max_length=12, blank=True)
    registration_date = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    document = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["load", "nhs_number"], name="one_record_per_load")
        ]
        indexes = [models.Index(fields=["load", "family_key", "birth_date"])]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name} ({self.nhs_number})"


class CareTeamMember(models.Model):
    """A named professional in a person's care team: a legitimate relationship while it lasts."""

    nhs_number = models.CharField(**NHS_NUMBER)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "system.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(default=timezone.localdate)
    end = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.user} in the care team of {self.nhs_number}"


class Referral(models.Model):
    """A referral of a person to an organisation: a legitimate relationship until it closes."""

    nhs_number = models.CharField(**NHS_NUMBER)
    from_organisation = models.ForeignKey(
        "system.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "system.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["made_on", "pk"]

    def __str__(self) -> str:
        return f"referral of {self.nhs_number} to {self.to_organisation}"


class BreakGlassReason(models.TextChoices):
    EMERGENCY = "emergency", "Emergency: the person needs care now and cannot be asked"
    UNPLANNED = "unplanned", "Unplanned care: the person is in front of me, no relationship yet"
    CONSENT = "consent", "The person has asked me to look, and has no relationship recorded"
    SAFEGUARDING = "safeguarding", "Safeguarding: a risk to the person or others"


class ReviewOutcome(models.TextChoices):
    APPROPRIATE = "appropriate", "Appropriate"
    INAPPROPRIATE = "inappropriate", "Not appropriate: to be followed up"


class BreakGlass(models.Model):
    """Access to one person's record without a legitimate relationship, for a limited time."""

    nhs_number = models.CharField(**NHS_NUMBER)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "system.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=BreakGlassReason.choices)
    explanation = models.CharField(max_length=500)
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return (
            f"break-glass by {self.user} on {self.nhs_number} at {self.started_at:%Y-%m-%d %H:%M}"
        )


class ObjectionVia(models.TextChoices):
    PERSON = "person", "The person, through their account"
    STAFF = "staff", "Recorded by staff at the person's request"


class SharingObjection(models.Model):
    """A person's objection to sharing their record outside the organisations that recorded it.

    Never deleted: withdrawing sets ``withdrawn_at``, so the history stays."""

    nhs_number = models.CharField(**NHS_NUMBER)
    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    via = models.CharField(max_length=10, choices=ObjectionVia.choices)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_objection_in_force",
            )
        ]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else "in force"
        return f"objection to sharing of {self.nhs_number} ({state})"


class AccountVia(models.TextChoices):
    DEMO = "demo", "Demo account for a fictional person"
    NHS_LOGIN = "nhs_login", "NHS login"


class PatientAccount(models.Model):
    """A signed-in person and the NHS number whose record is theirs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient_account"
    )
    nhs_number = models.CharField(max_length=10, unique=True)
    via = models.CharField(max_length=10, choices=AccountVia.choices)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"account of {self.nhs_number}"
