"""Writes of the population health app: publishing register counts from the linked lake, and
marking what was done about a person on a worklist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.population_health import queries
from engineroom.population_health.bridge import register_counts
from engineroom.population_health.models import MarkStatus, WorklistMark
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


def mark_person(
    system: System, kind: str, nhs_number: str, status: str, note: str = "", *, by
) -> WorklistMark:
    """Record that ``by`` reviewed, contacted, booked or judged a worklist not appropriate for a
    person. Only for someone on that worklist at the user's own practice or PCN (otherwise
    refused, 403, and the refusal audited); the mark names the person by pseudonym, the audit
    entry by NHS number, so the person can be told who acted on their record. The refusal is
    written before the mark's own transaction, so rolling that back cannot lose it."""
    person = queries.worklist_person(system, kind, nhs_number, by=by)  # audits a refusal
    with transaction.atomic():
        return _mark(system, kind, person, status, note, by=by)


def _mark(system: System, kind: str, person: dict, status: str, note: str, *, by):
    nhs_number = str(person["nhs_number"])
    mark = WorklistMark.objects.create(
        system=system,
        person=queries.pseudonym(nhs_number),
        worklist=kind,
        status=MarkStatus(status),
        note=note.strip(),
        by=by,
    )
    audit.record(
        "population_health.worklist_marked",
        audit.subject(mark),
        by=by,
        reason="direct care: registered practice or PCN team",
        details={
            "worklist": kind,
            "status": mark.status,
            "practice": person["practice"],
            "nhs_numbers": [nhs_number],
            "note": bool(mark.note),
        },
    )
    return mark
