"""Writes of the population health app: publishing register counts from the linked lake."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.population_health.bridge import register_counts
from engineroom.system.models import Footprint, OrganisationKind, Place, RegisterCount, System


@transaction.atomic
def publish_register_counts(system: System, var: str | Path, as_of: dt.date, *, by) -> int:
    """Replace the system's register counts by place (age band x deprivation quintile) from the
    linked lake's secondary-use view; returns the people counted. Publishing again replaces,
    never adds."""
    place_of = dict(
        Footprint.objects.filter(system=system, organisation__kind=OrganisationKind.GP_PRACTICE)
        .current(as_of)
        .exclude(neighbourhood=None)
        .values_list("organisation__ods_code", "neighbourhood__place_id")
    )
    cells: dict[tuple[int, str, int], int] = {}
    for practice, band, quintile, people in register_counts(var, as_of):
        if practice in place_of:
            key = (place_of[practice], band, quintile)
            cells[key] = cells.get(key, 0) + people
    RegisterCount.objects.filter(place__system=system).delete()
    places = Place.objects.in_bulk({key[0] for key in cells})
    RegisterCount.objects.bulk_create(
        RegisterCount(
            place=places[pk], age_band=band, deprivation_quintile=q, people=n, as_of=as_of
        )
        for (pk, band, q), n in cells.items()
    )
    people = sum(cells.values())
    audit.record(
        "population_health.register_counts_published",
        audit.subject(system),
        by=by,
        details={"as_of": as_of.isoformat(), "people": people, "cells": len(cells)},
    )
    return people
