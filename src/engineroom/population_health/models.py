"""What a clinician did about a person on a worklist (direct care).

A mark names the person by the keyed pseudonym of their NHS number (``population.pseudonymise``),
never the NHS number itself: the operational database holds no identifiers for worklists; the
page puts the mark beside the person it has already been allowed to show. Marks are never edited:
each is a new row, and the latest one for a person on a worklist is their status there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from engineroom.system.models import System


class MarkStatus(models.TextChoices):
    REVIEWED = "reviewed", "Reviewed"
    CONTACTED = "contacted", "Contacted"
    BOOKED = "booked", "Booked"
    NOT_APPROPRIATE = "not_appropriate", "Not appropriate"


class WorklistKind(models.TextChoices):
    RISK = "risk", "Emergency admission risk"
    CASE_FINDING = "case-finding", "Case-finding"
    FRAILTY = "frailty", "Frailty"


class WorklistMark(models.Model):
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="+")
    person = models.CharField(max_length=64, help_text="Keyed pseudonym of the NHS number")
    worklist = models.CharField(max_length=20, choices=WorklistKind.choices)
    status = models.CharField(max_length=20, choices=MarkStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["system", "worklist", "person"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.worklist})"
