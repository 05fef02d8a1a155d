"""Users and the memberships that scope what they see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from engineroom.accounts.permissions import ROLE_CHOICES, ROLES, Role


class User(AbstractUser):
    """A person who signs in. ``full_name`` is what the header shows."""

    full_name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(models.Model):
    """A role held within a region (every system in it), a system, or an organisation in a system.

    Organisation-scoped memberships always name the system they act in, because an organisation
    can belong to several systems.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=ROLE_CHOICES)
    region = models.ForeignKey(
        "system.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    system = models.ForeignKey(
        "system.System", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "system.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(system__isnull=True))
                | (Q(region__isnull=True) & Q(system__isnull=False)),
                name="membership_region_or_system",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(system__isnull=False),
                name="membership_organisation_needs_system",
            ),
        ]

    def __str__(self) -> str:
        scope = self.organisation or self.system or self.region
        return f"{self.user} — {self.role_class.name} — {scope}"

    @property
    def role_class(self) -> type[Role]:
        return ROLES[self.role]
