"""The portfolio of an integrated care system: programmes, projects, milestones, benefits, risks,
issues, dependencies and monthly highlight reports (locked once approved, with their history)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from engineroom.system.models import Level, Organisation, System

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class LTPArea(models.TextChoices):
    """Long Term Plan areas a programme can be tagged with."""

    CANCER = "cancer", "Cancer"
    MENTAL_HEALTH = "mental_health", "Mental health"
    UEC = "uec", "Urgent and emergency care"
    ELECTIVE = "elective", "Elective care"
    PRIMARY_CARE = "primary_care", "Primary and community care"
    PREVENTION = "prevention", "Prevention"
    WORKFORCE = "workforce", "Workforce"
    DIGITAL = "digital", "Digital"
    MATERNITY = "maternity", "Maternity"
    CHILDREN = "children", "Children and young people"
    LDA = "lda", "Learning disability and autism"
    CVD = "cvd", "Cardiovascular disease and stroke"
    ESTATES = "estates", "Estates"
    FINANCE = "finance", "Finance and efficiency"


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Closed"


class RAG(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class Programme(models.Model):
    """A programme (workstream) of the system."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="programmes")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.SYSTEM)
    sro = models.CharField("senior responsible owner", max_length=200)
    lead = models.CharField("programme lead", max_length=200)
    board = models.CharField("programme board", max_length=200, blank=True)
    objectives = models.TextField(blank=True)
    ltp_areas = models.JSONField("Long Term Plan areas", default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    percent_complete = models.PositiveSmallIntegerField(default=0, validators=PERCENT)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="programme_code_unique"),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="programme_percent_le_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ltp_area_labels(self) -> list[str]:
        labels = dict(LTPArea.choices)
        return [labels.get(a, a) for a in self.ltp_areas]


class Project(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="projects")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    lead = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    percent_complete = models.PositiveSmallIntegerField(default=0, validators=PERCENT)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["programme__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="project_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.programme.name})"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(max_length=200)
    baseline_date = models.DateField()
    forecast_date = models.DateField()
    actual_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["baseline_date", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def slippage_days(self) -> int:
        return ((self.actual_date or self.forecast_date) - self.baseline_date).days

    def is_late(self, on: dt.date | None = None) -> bool:
        """Forecast (or achieved) after its baseline, or past its forecast and not achieved."""
        on = on or dt.date.today()
        if self.actual_date:
            return self.actual_date > self.baseline_date
        return self.forecast_date > self.baseline_date or self.forecast_date < on


class Dependency(models.Model):
    """A project that waits on another project's milestone by a date."""

    dependent = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="waits_on")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="awaited_by")
    needed_by = models.DateField()
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["needed_by"]
        verbose_name_plural = "dependencies"

    def is_broken(self, on: dt.date | None = None) -> bool:
        """Broken when the awaited milestone will land (or landed) after the date it is needed."""
        on = on or dt.date.today()
        m = self.milestone
        if m.actual_date:
            return m.actual_date > self.needed_by
        return m.forecast_date > self.needed_by or (self.needed_by < on)


class Benefit(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="benefits")
    description = models.CharField(max_length=300)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="benefits"
    )
    cash_releasing = models.BooleanField(default=True)

    class Meta:
        ordering = ["programme__name", "description"]

    def __str__(self) -> str:
        return self.description


class BenefitMonth(models.Model):
    """Planned, forecast and delivered value of a benefit in one month, in pence."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(help_text="First day of the month.")
    planned_pence = models.BigIntegerField(default=0)
    forecast_pence = models.BigIntegerField(default=0)
    delivered_pence = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "month"], name="benefit_month_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="benefit_month_first_day"),
        ]


class Escalation(models.TextChoices):
    PROJECT = "project", "Project"
    PROGRAMME = "programme", "Programme"
    SYSTEM = "system", "System"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    BECAME_ISSUE = "became_issue", "Became an issue"


class Risk(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="risks")
    ref = models.CharField("reference", max_length=20)
    title = models.CharField(max_length=200)
    cause = models.TextField()
    event = models.TextField()
    effect = models.TextField()
    owner = models.CharField(max_length=200)
    inherent_likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    inherent_impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    current_likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    current_impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    target_likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    target_impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    mitigations = models.TextField(blank=True)
    review_date = models.DateField()
    escalation = models.CharField(
        max_length=16, choices=Escalation.choices, default=Escalation.PROGRAMME
    )
    status = models.CharField(max_length=16, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    class Meta:
        ordering = ["programme__name", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "ref"], name="risk_ref_unique"),
            models.CheckConstraint(
                condition=Q(current_likelihood__range=(1, 5))
                & Q(current_impact__range=(1, 5))
                & Q(inherent_likelihood__range=(1, 5))
                & Q(inherent_impact__range=(1, 5))
                & Q(target_likelihood__range=(1, 5))
                & Q(target_impact__range=(1, 5)),
                name="risk_scores_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def current_score(self) -> int:
        return self.current_likelihood * self.current_impact

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact

    def review_overdue(self, on: dt.date | None = None) -> bool:
        return self.status == RiskStatus.OPEN and self.review_date < (on or dt.date.today())


class IssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class Issue(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="issues")
    ref = models.CharField("reference", max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField()
    owner = models.CharField(max_length=200)
    impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    actions = models.TextField(blank=True)
    raised_on = models.DateField()
    resolve_by = models.DateField()
    escalation = models.CharField(
        max_length=16, choices=Escalation.choices, default=Escalation.PROGRAMME
    )
    status = models.CharField(max_length=16, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    from_risk = models.OneToOneField(
        Risk, null=True, blank=True, on_delete=models.SET_NULL, related_name="issue"
    )

    class Meta:
        ordering = ["programme__name", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "ref"], name="issue_ref_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Approved"


class HighlightReport(models.Model):
    """A programme's monthly highlight report. Locked once approved."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports")
    month = models.DateField(help_text="First day of the month reported on.")
    overall_rag = models.CharField("overall", max_length=8, choices=RAG.choices)
    schedule_rag = models.CharField("schedule", max_length=8, choices=RAG.choices)
    finance_rag = models.CharField("finance", max_length=8, choices=RAG.choices)
    risk_rag = models.CharField("risk", max_length=8, choices=RAG.choices)
    commentary = models.TextField()
    achievements = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    decisions_needed = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=ReportStatus.choices, default="draft")
    version = models.PositiveIntegerField(default=1)
    approved_by = models.CharField(max_length=200, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["programme__name", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "month"], name="report_month_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}, {self.month:%B %Y}"

    @property
    def locked(self) -> bool:
        return self.status == ReportStatus.APPROVED

    @property
    def month_slug(self) -> str:
        return f"{self.month:%Y-%m}"


class ReportVersion(models.Model):
    """Every saved state of a highlight report: the history of changes."""

    report = models.ForeignKey(HighlightReport, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=ReportStatus.choices)
    content = models.JSONField()
    saved_by = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who saved it: the authors of a report (created or changed) cannot approve it.",
    )
    saved_at = models.DateTimeField()
    action = models.CharField(max_length=40)

    class Meta:
        ordering = ["report", "-version", "-saved_at"]


class ImportKind(models.TextChoices):
    TRACKER = "tracker", "Programme tracker (programmes, projects and milestones)"
    RISKS = "risks", "Risk log"


class ImportBatch(models.Model):
    """An uploaded tracker or risk log, checked and held for preview until the user confirms."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_imports"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name_plural = "import batches"
