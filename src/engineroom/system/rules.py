"""Rules about a system's shape: the expected size of a place, who may see a region."""

from __future__ import annotations

from django.conf import settings

from engineroom.accounts.permissions import Permission
from engineroom.accounts.queries import visible_systems
from engineroom.system.models import Region

STABILITY_WINDOW_DAYS = 182  # "the same lead for six months"


def place_in_range(population: int) -> bool:
    """Whether a place's population is inside the configured range (150,000-500,000 by default)."""
    low, high = settings.PLACE_POPULATION_RANGE
    return low <= population <= high


def may_view_region(user, region: Region) -> bool:
    """A regional view needs ``region.view`` in at least one system of the region."""
    return visible_systems(user, Permission.REGION_VIEW).filter(region=region).exists()
