"""Meetings, agenda items, papers, attendance and the actions a meeting sets."""

from __future__ import annotations

from django.db import models

from engineroom.governance.models.bodies import Body
from engineroom.system.models import Organisation, Person


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
    notes = models.TextField(
        "general minutes",
        blank=True,
        help_text="Meeting-level minutes (welcome, opening remarks); each item has its own.",
    )
    notes_confidential = models.BooleanField(
        "general minutes are Part 2",
        default=False,
        help_text="Kept with the Part 2 minutes: never published.",
    )
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


class ItemMinute(models.Model):
    """The minutes of one agenda item: the discussion and what was resolved.

    They follow their item: a Part 2 (confidential) item's minutes are Part 2 minutes, kept
    separately from the rest and never published (``queries.item_minutes``).
    """

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minute")
    discussion = models.TextField(blank=True)
    resolved = models.TextField("what was resolved", blank=True)

    class Meta:
        ordering = ["item__meeting", "item__number"]

    def __str__(self) -> str:
        return f"Minutes of item {self.item}"


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
