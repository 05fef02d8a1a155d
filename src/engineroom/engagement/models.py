"""Consultations and what people told us.

Free text is stored only after redaction (``Answer.text``): names, email addresses, phone
numbers, NHS numbers and postcodes never reach the database, so nobody analysing it can see them;
``Answer.redactions`` counts what was taken out. Demographic answers use the register's own
categories (``engineroom.population.consult.categories``) so respondents can be compared with
the registered population.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from engineroom.system.models import Place, System


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for responses"
    CLOSED = "closed", "Closed: being analysed"
    PUBLISHED = "published", "Results published"


class Consultation(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="What it is about, as the public reads it.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    summary = models.TextField("summary of what people said", blank=True)
    # The registered population to compare respondents with: {dimension: {category: count}},
    # secondary use (opt-outs removed) and suppressed, with the date it was taken.
    population = models.JSONField(default=dict, blank=True)
    population_as_of = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["system", "slug"], name="consultation_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    CLOSED = "closed", "Choose one answer"
    FREE_TEXT = "free_text", "Free text"
    DEMOGRAPHIC = "demographic", "About you"


class Demographic(models.TextChoices):
    """The register's fields a respondent may tell us (``population.consult.categories``)."""

    AGE_BAND = "age_band", "Age band"
    SEX = "sex", "Sex"
    ETHNICITY = "ethnicity", "Ethnic group"
    PLACE = "place", "Place"
    POSTCODE_DISTRICT = "postcode_district", "First half of postcode"
    QUINTILE = "quintile", "Deprivation quintile"


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=QuestionKind.choices)
    text = models.CharField(max_length=500)
    hint = models.CharField(max_length=300, blank=True)
    options = models.JSONField(default=list, blank=True)  # closed questions: the answers, in order
    demographic = models.CharField(max_length=20, choices=Demographic.choices, blank=True)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["consultation", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "key"], name="question_key_unique"),
            models.UniqueConstraint(
                fields=["consultation", "demographic"],
                condition=~models.Q(demographic=""),
                name="one_question_per_demographic",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ResponseImport(models.Model):
    """One exported file of responses (Citizen Space, SmartSurvey or any CSV/XLSX): its column
    mapping and what became of every row (rows_in = accepted + quarantined)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(max_length=255)
    columns = models.JSONField(default=list)  # the file's header, in order
    mapping = models.JSONField(default=dict, blank=True)  # {column: question key or field}
    rows_in = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    quarantined = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [{row, column, message}]
    redactions = models.JSONField(default=dict, blank=True)  # {kind: count}
    seconds = models.FloatField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class Channel(models.TextChoices):
    ONLINE = "online", "Online form"
    IMPORTED = "imported", "Imported file"


class Response(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    number = models.PositiveIntegerField(help_text="1, 2, ... within the consultation")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    response_import = models.ForeignKey(
        ResponseImport, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    row = models.PositiveIntegerField(null=True, blank=True, help_text="Row in the imported file")
    external_id = models.CharField(max_length=80, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    age_band = models.CharField(max_length=12, blank=True)
    sex = models.CharField(max_length=12, blank=True)
    ethnicity = models.CharField(max_length=12, blank=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    postcode_district = models.CharField(max_length=4, blank=True)
    quintile = models.PositiveSmallIntegerField(null=True, blank=True)
    closed = models.JSONField(default=dict, blank=True)  # {question key: chosen option}

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="response_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Response {self.number}"


class Answer(models.Model):
    """A free-text answer, redacted before it was stored."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField()
    redactions = models.JSONField(default=dict, blank=True)  # {kind: count}

    class Meta:
        ordering = ["question", "response"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_a_question")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ThemeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed by the topic model"
    FRAMEWORK = "framework", "In the framework"
    MERGED = "merged", "Merged into another theme"
    SPLIT = "split", "Split into two"
    REMOVED = "removed", "Not a theme"


class Theme(models.Model):
    """A theme of one free-text question. ``terms`` ({term: weight}) place it in the question's
    TF-IDF space, so responses can be mapped to it; ``quotes`` are representative answers."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=120)
    description = models.CharField(max_length=500, blank=True)
    terms = models.JSONField(default=dict)
    quotes = models.JSONField(default=list, blank=True)  # [answer pk]
    status = models.CharField(
        max_length=10, choices=ThemeStatus.choices, default=ThemeStatus.PROPOSED
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The theme this was merged into, or split from.",
    )
    proposed_size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class AnswerTheme(models.Model):
    """An answer mapped to a framework theme (an answer may carry several)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="mapped")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="mapped")
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "theme"], name="answer_theme_once")
        ]


class Influence(models.Model):
    """You said, we did: a governance decision the consultation informed, and what changed."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="influences"
    )
    decision = models.ForeignKey("governance.Decision", on_delete=models.PROTECT, related_name="+")
    you_said = models.TextField("you said")
    we_did = models.TextField("we did")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "decision"], name="influence_once_per_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} → {self.decision_id}"
