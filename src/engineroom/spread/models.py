"""Models of care and their spread.

The library is shared by every system (a model of care such as enhanced health in care homes is
the same model wherever it runs), so systems can find each other through it; adoptions belong to
one system and name the place (and, where it is run by a primary care network, the
neighbourhood). An adoption that has not happened yet is the plan: an owner and a date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from engineroom.system.models import Neighbourhood, Organisation, Place, System


class Population(models.TextChoices):
    """Whose outcomes show whether the model works: a care-home model's effect is diluted past
    seeing in a whole population, so it is judged on the people living in care homes."""

    EVERYONE = "everyone", "Everyone registered"
    CARE_HOME_RESIDENTS = "care_home_residents", "People living in care homes"


class ModelOfCare(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    description = models.TextField()
    adaptations_allowed = models.JSONField(
        default=list, blank=True, help_text="What a place may change and still be doing the model"
    )
    population = models.CharField(
        "outcomes for",
        max_length=20,
        choices=Population.choices,
        default=Population.EVERYONE,
        help_text="Whose emergency admissions show whether it works",
    )
    origin = models.ForeignKey(
        System,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The system that added it to the library: only its programme office changes it",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Component(models.Model):
    """A core component: fidelity to the model is how many of the current ones a place delivers.

    A component dropped from the model while some adoption records delivering it is ``retired``,
    not deleted: the adoption's record stays true (and comes back if the component is named
    again), but a retired component no longer counts towards anyone's fidelity."""

    model = models.ForeignKey(ModelOfCare, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    retired = models.BooleanField(default=False, help_text="No longer a core component")

    class Meta:
        ordering = ["model", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Evidence(models.Model):
    """What says the model works: a published study (``url``) or an Engine Room evaluation."""

    model = models.ForeignKey(ModelOfCare, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=300)
    url = models.URLField(blank=True)
    finding = models.TextField(blank=True)
    evaluation = models.ForeignKey(
        "evaluation.Evaluation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["model", "pk"]

    def __str__(self) -> str:
        return self.title


class AdoptionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    STARTED = "started", "Started"
    ADOPTED = "adopted", "Adopted"
    STOPPED = "stopped", "Stopped"


class Adoption(models.Model):
    model = models.ForeignKey(ModelOfCare, on_delete=models.PROTECT, related_name="adoptions")
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=AdoptionStatus.choices, default=AdoptionStatus.PLANNED
    )
    owner = models.CharField(max_length=120, help_text="Who leads the adoption here")
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField("planned start")
    adopted_on = models.DateField("started on", null=True, blank=True)
    components = models.ManyToManyField(
        Component, blank=True, related_name="delivered_by", help_text="Core components delivered"
    )
    adaptations = models.TextField("local adaptations", blank=True)
    notes = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["model", "system", "place", "neighbourhood", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "place"],
                condition=models.Q(neighbourhood__isnull=True),
                name="one_adoption_per_place",
            ),
            models.UniqueConstraint(
                fields=["model", "neighbourhood"],
                condition=models.Q(neighbourhood__isnull=False),
                name="one_adoption_per_neighbourhood",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} in {self.neighbourhood or self.place}"


class OutcomeRun(models.Model):
    """Outcomes before and after adoption in one system, computed from the linked lake by an
    action (never per request): each adopting place's monthly series and the evaluation against
    places that have not adopted. ``result`` is secondary use, already suppressed."""

    model = models.ForeignKey(ModelOfCare, on_delete=models.CASCADE, related_name="+")
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="+")
    result = models.JSONField(default=dict)
    run_at = models.DateTimeField(default=timezone.now)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["model", "system", "-run_at", "-pk"]

    def __str__(self) -> str:
        return f"Outcomes of {self.model} in {self.system}"
