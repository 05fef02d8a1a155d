"""Needs-weighted capitation budgets for places.

Two paths, kept apart:

* ``register_weighted_populations`` — used when the system has register counts
  (``system.RegisterCount``: people by place, age band and deprivation quintile, published from
  the population data platform by ``engineroom demo`` or ``engineroom publish-register``). Each
  place's people are weighted by age band and deprivation quintile.
* ``fallback_weighted_populations`` — otherwise: the place populations held in the system model
  (ONS-style counts), each weighted by the national age and deprivation mix, so every place gets
  the same needs index (1.0) and budgets follow population. The page says which path was used.

Weights and their sources: ``data/capitation_weights.csv`` and ``data/SOURCES.md``.

Small numbers (see :mod:`engineroom.phm.suppression`, the one suppression function): the
allocation is a planning calculation made on the exact register cells, which stay inside the
operational database and are never shown. What the page and the workbook show is
:func:`published`: every count of people through ``suppress`` (1-7 as ``*``, others rounded to
5), every figure per person built on that suppressed count, and nothing at all (``*``) about a
place of 1-7 people, whose budget and needs index would describe those few people.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from pathlib import Path

from engineroom.finance.money import apportion
from engineroom.phm.suppression import SUPPRESSED, Suppressed, suppress
from engineroom.system.models import Place, RegisterCount, System

WEIGHTS_FILE = Path(__file__).parent / "data" / "capitation_weights.csv"
FALLBACK = "fallback"
REGISTER = "register"
THOUSANDTH = Decimal("0.001")


@dataclass
class PlaceBudget:
    place: Place
    population: int
    weighted: Decimal
    budget: int

    @property
    def needs_index(self) -> Decimal:
        if not self.population:
            return Decimal(0)
        return (self.weighted / self.population).quantize(THOUSANDTH)

    @property
    def per_head(self) -> int:
        return self.budget // self.population if self.population else 0


@cache
def weights() -> dict[str, dict[str, tuple[Decimal, Decimal]]]:
    """kind -> band -> (national share, weight)."""
    table: dict[str, dict[str, tuple[Decimal, Decimal]]] = {"age": {}, "deprivation": {}}
    with WEIGHTS_FILE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            table[row["kind"]][row["band"]] = (
                Decimal(row["national_share"]),
                Decimal(row["weight"]),
            )
    return table


def national_index(kind: str) -> Decimal:
    return sum((share * weight for share, weight in weights()[kind].values()), Decimal(0))


def register_present(system: System) -> bool:
    return RegisterCount.objects.filter(place__system=system).exists()


def fallback_weighted_populations(places: list[Place]) -> tuple[dict, dict]:
    """ONS-style counts: national mix, so the weighting is the same for every place."""
    index = national_index("age") * national_index("deprivation")
    weighted = {p.pk: Decimal(p.population) * index / index for p in places}
    return weighted, {p.pk: p.population for p in places}


def register_weighted_populations(places: list[Place]) -> tuple[dict, dict]:
    """People on the register by place, age band and deprivation quintile, weighted for need."""
    age, deprivation = weights()["age"], weights()["deprivation"]
    norm = national_index("age") * national_index("deprivation")
    codes = {p.code: p.pk for p in places}
    weighted = {p.pk: Decimal(0) for p in places}
    counts = {p.pk: 0 for p in places}
    cells = RegisterCount.objects.filter(place__in=places).values_list(
        "place__code", "age_band", "deprivation_quintile", "people"
    )
    for code, band, quintile, people in cells:
        if band in age and str(quintile) in deprivation:
            factor = age[band][1] * deprivation[str(quintile)][1] / norm
            weighted[codes[code]] += Decimal(people) * factor
            counts[codes[code]] += people
    return weighted, counts


def budgets(system: System, total: int) -> tuple[str, list[PlaceBudget]]:
    """Split ``total`` pence across the system's places by needs-weighted population."""
    places = list(system.places.order_by("name"))
    if register_present(system):
        source, (weighted, counts) = REGISTER, register_weighted_populations(places)
    else:
        source, (weighted, counts) = FALLBACK, fallback_weighted_populations(places)
    parts = apportion(total, [weighted[p.pk] for p in places])
    return source, [
        PlaceBudget(p, counts[p.pk], weighted[p.pk].quantize(Decimal(1)), part)
        for p, part in zip(places, parts, strict=True)
    ]


@dataclass(frozen=True)
class PublishedPlace:
    """What may be shown of a place's budget: see the module's note on small numbers."""

    place: Place
    population: Suppressed
    needs_index: Decimal | str | None
    budget: int | str
    per_head: int | str | None


def publish(row: PlaceBudget) -> PublishedPlace:
    """A place's budget as shown and exported: the population suppressed, the needs index and
    the budget per head built on suppressed counts, a place of 1-7 people withheld whole."""
    people = suppress(row.population)
    if people == SUPPRESSED:
        return PublishedPlace(row.place, people, SUPPRESSED, SUPPRESSED, SUPPRESSED)
    if people == 0:
        return PublishedPlace(row.place, 0, None, row.budget, None)
    weighted = suppress(int(row.weighted.to_integral_value()))
    index = (
        SUPPRESSED if weighted == SUPPRESSED else (Decimal(weighted) / people).quantize(THOUSANDTH)
    )
    return PublishedPlace(row.place, people, index, row.budget, row.budget // people)


def published(rows: list[PlaceBudget]) -> list[PublishedPlace]:
    """Every place as shown. The page states the total, so one withheld budget would be the
    total less the others: the smallest other place's budget is withheld with it."""
    shown = [publish(row) for row in rows]
    withheld = [p for p in shown if p.budget == SUPPRESSED]
    others = [p for p in shown if p.budget != SUPPRESSED and p.budget]
    if len(withheld) == 1 and others:
        partner = min(others, key=lambda p: (p.population, p.place.name))
        shown[shown.index(partner)] = replace(partner, budget=SUPPRESSED, per_head=SUPPRESSED)
    return shown


def commissioner_budget(system: System, year: int) -> int:
    """The commissioner's planned spend on care (running costs excluded) for the year."""
    from engineroom.finance.models import Category, PlanLine

    lines = PlanLine.objects.filter(
        plan__system=system, plan__year=year, plan__organisation__kind="icb"
    ).exclude(category=Category.CORPORATE)
    return sum(lines.values_list("expenditure_pence", flat=True))
