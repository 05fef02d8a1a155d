"""The shape of an integrated care system: areas, organisations, footprints, partnerships, leaders.

Boundaries are not coterminous, so an organisation's footprint is a dated relation to areas, never
a single foreign key.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q


class Region(models.Model):
    """A group of systems served by one deployment (an NHS England region or part of one)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """Fields shared by the three levels of a system."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    population = models.PositiveIntegerField(help_text="Registered or resident population.")

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class System(Area):
    """An integrated care system (ICS): 0.5-3 million people."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="systems")
    level = "system"


class Place(Area):
    """A place within a system (usually a council or town footprint)."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="places")
    level = "place"


class Neighbourhood(Area):
    """A neighbourhood (primary care network footprint) within a place."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="neighbourhoods")
    level = "neighbourhood"


class OrganisationKind(models.TextChoices):
    ICB = "icb", "Commissioner (ICB/CCG)"
    ACUTE = "acute", "Acute trust"
    COMMUNITY = "community", "Community trust"
    MENTAL_HEALTH = "mental_health", "Mental health trust"
    AMBULANCE = "ambulance", "Ambulance trust"
    GP_PRACTICE = "gp_practice", "GP practice"
    PCN = "pcn", "Primary care network"
    LA_COUNTY = "la_county", "County council"
    LA_UNITARY = "la_unitary", "Unitary council"
    LA_DISTRICT = "la_district", "District council"
    VCSE = "vcse", "Voluntary, community and social enterprise"
    HEALTHWATCH = "healthwatch", "Healthwatch"
    INDEPENDENT = "independent", "Independent provider"
    REGIONAL = "regional", "Regional body"


NHS_KINDS = frozenset(
    {
        OrganisationKind.ICB,
        OrganisationKind.ACUTE,
        OrganisationKind.COMMUNITY,
        OrganisationKind.MENTAL_HEALTH,
        OrganisationKind.AMBULANCE,
    }
)
COUNCIL_KINDS = frozenset(
    {OrganisationKind.LA_COUNTY, OrganisationKind.LA_UNITARY, OrganisationKind.LA_DISTRICT}
)


class CQCRating(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_RATED = "", "Not rated"


class Organisation(models.Model):
    ods_code = models.CharField("ODS code", max_length=10, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    statutory = models.BooleanField(default=False)
    foundation_trust = models.BooleanField(default=False)
    cqc_rating = models.CharField(
        "CQC rating", max_length=24, choices=CQCRating.choices, blank=True, default=""
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="For example the PCN a GP practice belongs to.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"

    @property
    def is_nhs(self) -> bool:
        return self.kind in NHS_KINDS


class DatedQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None) -> DatedQuerySet:
        on = on or dt.date.today()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class Dated(models.Model):
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints: list = []

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class Coverage(models.TextChoices):
    WHOLE = "whole", "Whole area"
    PART = "part", "Part of area"


class Footprint(Dated):
    """An organisation serving (part of) a system, place or neighbourhood over a period."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="footprints"
    )
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="footprints")
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.CASCADE, related_name="footprints"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.CASCADE, related_name="footprints"
    )
    coverage = models.CharField(max_length=8, choices=Coverage.choices, default=Coverage.WHOLE)

    class Meta:
        ordering = ["organisation__name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="footprint_dates_in_order",
            )
        ]

    @property
    def area(self) -> System | Place | Neighbourhood:
        return self.neighbourhood or self.place or self.system


class PartnershipKind(models.TextChoices):
    ICP = "icp", "Integrated care partnership"
    PROVIDER_COLLABORATIVE = "provider_collaborative", "Provider collaborative"
    ALLIANCE = "alliance", "Alliance"


class Level(models.TextChoices):
    SYSTEM = "system", "System"
    PLACE = "place", "Place"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"


class Partnership(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=PartnershipKind.choices)
    level = models.CharField(max_length=16, choices=Level.choices)
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="partnerships")
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.CASCADE, related_name="partnerships"
    )
    established = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnershipMember(Dated):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnership_memberships"
    )


class Person(models.Model):
    """A named leader or member of staff (not a patient)."""

    ref = models.SlugField("reference", max_length=40, unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class RoleKind(models.TextChoices):
    ICS_CHAIR = "ics_chair", "ICS chair"
    ICS_LEAD = "ics_lead", "ICS lead"
    ICP_CHAIR = "icp_chair", "ICP chair"
    ICP_LEAD = "icp_lead", "ICP lead"
    PLACE_LEAD = "place_lead", "Place lead"
    SRO = "sro", "Senior responsible owner"
    CLINICAL_LEAD = "clinical_lead", "Clinical lead"
    NED = "ned", "Non-executive director"
    LAY_MEMBER = "lay_member", "Lay member"
    ACCOUNTABLE_OFFICER = "accountable_officer", "Commissioner accountable officer"
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    ORG_CHAIR = "org_chair", "Chair"
    DIRECTOR_OF_FINANCE = "director_of_finance", "Director of finance"
    PCN_CLINICAL_DIRECTOR = "pcn_clinical_director", "PCN clinical director"


SYSTEM_LEADER_ROLES = (RoleKind.ICS_CHAIR, RoleKind.ICS_LEAD)
SYSTEM_OR_ICP_LEAD_ROLES = frozenset(
    {RoleKind.ICS_LEAD, RoleKind.ICS_CHAIR, RoleKind.ICP_LEAD, RoleKind.ICP_CHAIR}
)


class AssignmentStatus(models.TextChoices):
    SUBSTANTIVE = "substantive", "Substantive"
    INTERIM = "interim", "Interim"
    VACANT = "vacant", "Vacant"
    RECRUITING = "recruiting", "Recruiting"


class RoleAssignment(Dated):
    """A person (or a vacancy) in a leadership role, scoped to a system, place, ICP or organisation."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    role = models.CharField(max_length=32, choices=RoleKind.choices)
    status = models.CharField(
        max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.SUBSTANTIVE
    )
    system = models.ForeignKey(
        System, null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )

    class Meta:
        ordering = ["role", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="role_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(status__in=["vacant", "recruiting"]),
                name="role_filled_or_vacant",
            ),
        ]

    @property
    def is_vacant(self) -> bool:
        return self.person_id is None

    @property
    def scope_label(self) -> str:
        target = self.partnership or self.place or self.organisation or self.system
        return str(target) if target else ""


class RegisterCount(models.Model):
    """People registered with a place's practices, by age band and deprivation quintile.

    An aggregate published from the population data platform's secondary-use view (opt-outs
    applied, no person-level data) so that operational pages such as capitation can weight for
    need without reading the lake.
    """

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="register_counts")
    age_band = models.CharField(max_length=8)
    deprivation_quintile = models.PositiveSmallIntegerField(help_text="1 = most deprived")
    people = models.PositiveIntegerField()
    as_of = models.DateField()

    class Meta:
        ordering = ["place", "age_band", "deprivation_quintile"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "age_band", "deprivation_quintile"], name="one_count_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place}: {self.age_band}, Q{self.deprivation_quintile} = {self.people}"
