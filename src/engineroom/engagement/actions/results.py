"""Writes about a consultation's results: the registered population respondents are compared
with, and the summary of what people said (publishing needs one)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.engagement.models import Consultation
from engineroom.population.consult import register
from engineroom.system import queries as system_queries

SUMMARY_LIMIT = 10_000


def refresh_population(
    consultation: Consultation, *, var: str | Path, by, as_of: dt.date | None = None
) -> Consultation:
    """Take the system's registered population aged 16+ (secondary use: opt-outs removed, every
    count suppressed) by the dimensions respondents are described by, and keep it on the
    consultation, so the results page compares without reading the lake on every request.

    Practices are placed through the system model (a practice's neighbourhood's place), the same
    way the population platform is told the region's shape. Respondents who gave the first half
    of their postcode but have no deprivation quintile yet (their answers arrived before the
    lake did) are given their district's, from the same lake."""
    as_of = as_of or dt.date.today()
    practice_place = system_queries.practice_places(consultation.system, as_of)
    if not practice_place:
        raise ValidationError("The system has no practices in its neighbourhoods to count.")
    try:
        population = register.profile(var, practice_place=practice_place, as_of=as_of)
        quintiles = register.district_quintiles(var)
    except FileNotFoundError as error:
        raise ValidationError(f"No linked population to compare with: {error}") from error
    return _keep_population(consultation, population, quintiles, as_of, by=by)


@transaction.atomic
def _keep_population(
    consultation, population: dict, quintiles: dict[str, int], as_of: dt.date, *, by
) -> Consultation:
    consultation.population, consultation.population_as_of = population, as_of
    consultation.save(update_fields=["population", "population_as_of"])
    placed = _place_in_quintiles(consultation, quintiles)
    audit.record(
        "engagement.population_refreshed",
        audit.subject(consultation),
        by=by,
        details={
            "as_of": as_of.isoformat(),
            "dimensions": sorted(population),
            "quintiles_given": placed,
        },
    )
    return consultation


def _place_in_quintiles(consultation, quintiles: dict[str, int]) -> int:
    """Give each respondent without a quintile their postcode district's; how many were given."""
    waiting = consultation.responses.filter(quintile__isnull=True).exclude(postcode_district="")
    placed = 0
    for district in set(waiting.values_list("postcode_district", flat=True)):
        if district in quintiles:
            placed += waiting.filter(postcode_district=district).update(
                quintile=quintiles[district]
            )
    return placed


@transaction.atomic
def write_summary(consultation: Consultation, *, summary: str, by) -> Consultation:
    """The summary of what people said, as the public page shows it once results are published."""
    text = (summary or "").strip()
    if not text:
        raise ValidationError({"summary": "Write the summary of what people said."})
    if len(text) > SUMMARY_LIMIT:
        raise ValidationError({"summary": f"Keep the summary under {SUMMARY_LIMIT:,} characters."})
    consultation.summary = text
    consultation.save(update_fields=["summary"])
    audit.record(
        "engagement.summary_written",
        audit.subject(consultation),
        by=by,
        details={"characters": len(text)},
    )
    return consultation
