"""Meetings, agenda items, papers, attendance and the actions a meeting sets."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

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
    rescheduled_from = models.DateTimeField(
        null=True, blank=True, help_text="The date and time it was moved from, if it was moved."
    )
    reschedule_reason = models.CharField("reason for the change", max_length=300, blank=True)
    cancelled_on = models.DateField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=300, blank=True)
    revision = models.PositiveIntegerField(
        default=0,
        help_text="Counts the changes calendars must pick up (reschedules, cancellation): "
        "the iCal SEQUENCE.",
    )
    changed_at = models.DateTimeField(
        default=timezone.now, help_text="When it was scheduled or last rescheduled or cancelled."
    )

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.body} – {self.starts_at:%d %b %Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def was_rescheduled(self) -> bool:
        return self.rescheduled_from is not None


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    DISCUSSION = "discussion", "For discussion"
    ASSURANCE = "assurance", "For assurance"
    INFORMATION = "information", "For information"


class AgendaItem(models.Model):
    """An item on a meeting's agenda. ``number`` is its place in the agenda, Part 2 items last,
    kept by ``rules.agenda_numbers`` on every change; a withdrawn item has none."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
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
    minutes_allotted = models.PositiveSmallIntegerField(null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "confidential", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


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
    """One version of a paper. Replacing a paper adds its next version (``replaces`` the one
    before, which is kept, marked ``superseded``); a withdrawn paper is kept, out of packs."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_path, blank=True)
    html = models.TextField("paper text", blank=True)
    confidential = models.BooleanField(default=False)
    published = models.BooleanField(default=False)
    version = models.PositiveSmallIntegerField(default=1)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    superseded = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)
    page_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Pages of an uploaded PDF, counted when it is uploaded."
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["item__number", "title", "version"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_confidential(self) -> bool:
        return self.confidential or self.item.confidential

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def is_current(self) -> bool:
        """The latest version, not withdrawn: the one packs and agendas show."""
        return not self.superseded and self.withdrawn_on is None

    @property
    def is_pdf(self) -> bool:
        return bool(self.file) and self.file.name.lower().endswith(".pdf")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Capacity(models.TextChoices):
    MEMBER = "member", "Member"
    NON_VOTING = "non_voting", "Non-voting member"
    OFFICER = "officer", "Officer in attendance"
    GUEST = "guest", "Guest"


class Attendance(models.Model):
    """Who came, in what capacity. Members (voting or not) are people on the body; officers in
    attendance and guests may be named with their role instead."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=12, choices=AttendanceStatus.choices)
    capacity = models.CharField(max_length=12, choices=Capacity.choices, default=Capacity.MEMBER)
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["capacity", "person__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]

    @property
    def who(self) -> str:
        return self.person.name if self.person_id else self.name


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
