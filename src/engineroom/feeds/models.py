"""The data manager's decisions on feed rows and unlinked records.

The lake (``engineroom.population``) holds the data and is the truth of what was accepted and
linked; these rows hold the work: each decision is recorded *pending* before the lake is
touched and marked *done* (with its audit entry) after, so a decision cut short by a crash is
finished by the next run (``actions.finish_pending``). A request to the sender to resubmit a row
changes nothing in the lake: the row stays quarantined, and the request stays *open* until the
sender's next file of that kind arrives.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from engineroom.system.models import System


class RowAction(models.TextChoices):
    CORRECT = "correct", "Corrected"
    RELEASE = "release", "Released as sent"
    RESUBMIT = "resubmit", "Resubmission requested"


class State(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    OPEN = "open", "Open"


class RowDecision(models.Model):
    """A quarantined row worked by the data manager."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="row_decisions")
    load_id = models.CharField(max_length=64)
    file = models.CharField(max_length=300)
    source = models.CharField(max_length=40)
    kind = models.CharField(max_length=40, blank=True)
    row_number = models.PositiveIntegerField()
    action = models.CharField(max_length=16, choices=RowAction.choices)
    state = models.CharField(max_length=16, choices=State.choices)
    values = models.JSONField(default=dict, blank=True)  # corrected values, cleared when done
    note = models.TextField(blank=True)  # what the sender is asked to fix
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["system", "state"])]

    def __str__(self) -> str:
        return f"{self.file} row {self.row_number}: {self.get_action_display()}"


class LinkDecision(models.Model):
    """An unlinked record matched to a person, or confirmed as a new person."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="link_decisions")
    table = models.CharField(max_length=40)
    source = models.CharField(max_length=40)
    record_id = models.CharField(max_length=200)
    person_id = models.CharField(max_length=64)
    new_person = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source}:{self.record_id} -> {'new person' if self.new_person else 'match'}"
