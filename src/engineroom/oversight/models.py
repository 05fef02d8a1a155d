"""Oversight data: monthly observations of each measure for each system (imported from the
published statistics, or computed from the lake), the SPC summary of each series, the written
triggers a regulator keeps and their firings, and each system's segment by year.

Measures and standards are the catalogue's (``catalogue.py``), referred to here by code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from engineroom.system.models import Region, System


class StatisticsImport(models.Model):
    """One monthly statistics file: what came in and what became of every row."""

    file_name = models.CharField(max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    rows_in = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    quarantined = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [{row, field, message}]

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class Source(models.TextChoices):
    STATISTICS = "statistics", "Published monthly statistics"
    LAKE = "lake", "Computed from the linked lake"
    FINANCE = "finance", "The system's monthly finance returns"


class Observation(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=40)
    month = models.DateField(help_text="The first of the month")
    value = models.FloatField()
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices)
    statistics_import = models.ForeignKey(
        StatisticsImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["system", "measure", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "measure", "month"], name="one_observation_a_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%Y-%m}: {self.value}"


class MeasureSummary(models.Model):
    """The SPC reading of one system's series, recomputed whenever its observations change, so
    summary pages read one row per measure and never compute a chart per request."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=40)
    months = models.PositiveIntegerField()
    last_month = models.DateField()
    last_value = models.FloatField()
    target = models.FloatField(null=True, blank=True)
    interim = models.FloatField(null=True, blank=True)
    meets_target = models.BooleanField(null=True)
    meets_interim = models.BooleanField(null=True)
    scored = models.BooleanField(default=False)
    variation_icon = models.CharField(max_length=20, blank=True)
    assurance_icon = models.CharField(max_length=20, blank=True)
    recent_types = models.JSONField(default=list, blank=True)  # the last 12 points' types
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["system", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["system", "measure"], name="one_summary_a_measure")
        ]

    def __str__(self) -> str:
        return f"{self.system_id} {self.measure}"


class Condition(models.TextChoices):
    CONCERN = "special_cause_concern", "special cause concern"
    NOT_MET = "not_met", "not meeting the standard"


class Against(models.TextChoices):
    NONE = "none", "whatever the standard"
    TARGET = "target", "while not meeting the standard"
    INTERIM = "interim", "while not meeting the interim standard"


class Trigger(models.Model):
    """A written rule for intervention, e.g. two consecutive months of special cause concern on
    A&E 4 hours while below the interim standard -> enhanced monitoring. Every change is audited."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=40)
    condition = models.CharField(max_length=24, choices=Condition.choices)
    months = models.PositiveSmallIntegerField(default=2)
    against = models.CharField(max_length=10, choices=Against.choices, default=Against.NONE)
    consequence = models.CharField(max_length=200)
    intensive = models.BooleanField(
        default=False, help_text="Its firing puts the system in the framework's worst segment"
    )
    active = models.BooleanField(default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["region", "measure", "pk"]

    def __str__(self) -> str:
        return f"{self.measure}: {self.consequence}"


class TriggerFiring(models.Model):
    """A trigger's condition held for a system in a month, with the data behind it."""

    trigger = models.ForeignKey(Trigger, on_delete=models.CASCADE, related_name="firings")
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    wording = models.TextField(help_text="The trigger's words when it fired")
    evidence = models.JSONField(default=list)  # [{month, value, point_type, standard}]
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "system", "trigger"]
        constraints = [
            models.UniqueConstraint(
                fields=["trigger", "system", "month"], name="one_firing_a_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trigger_id} {self.system_id} {self.month:%Y-%m}"


class Segmentation(models.Model):
    """A system's NHS Oversight Framework segment in a financial year, and why."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    framework = models.CharField(max_length=120)
    segment = models.PositiveSmallIntegerField()
    score = models.FloatField(null=True, blank=True)  # mean metric score, 1 (best) to 4
    reasons = models.JSONField(default=list)  # plain sentences
    as_at = models.DateField(help_text="The month of the latest data it used")
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["system", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["system", "year"], name="one_segment_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.system_id} {self.year}: {self.segment}"
