"""An evaluation of an intervention: what was evaluated (the homes and the start date) and the
briefing the engine returned (``result``: JSON, secondary use, already suppressed).

The link to a programme's benefit is by the model's label (``programmes.Benefit``), so this app
imports nothing of ``programmes``; the programmes app reads evaluations through
:mod:`engineroom.evaluation.public`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from engineroom.system.models import System


class Kind(models.TextChoices):
    CARE_HOMES = "care_homes", "Care homes (matched comparison of residents)"


class Status(models.TextChoices):
    DONE = "done", "Done"  # a run the engine refused is never stored: the form says why


class Evaluation(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    description = models.TextField("intervention", blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CARE_HOMES)
    homes = models.JSONField(default=list, help_text="CQC location ids of the homes")
    start = models.DateField("start of the intervention")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    run_at = models.DateTimeField(null=True, blank=True)
    benefit = models.ForeignKey(
        "programmes.Benefit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name
