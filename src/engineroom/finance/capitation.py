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
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from engineroom.finance.money import apportion
from engineroom.system.models import Place, RegisterCount, System

WEIGHTS_FILE = Path(__file__).parent / "data" / "capitation_weights.csv"
FALLBACK = "fallback"
REGISTER = "register"


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
        return (self.weighted / self.population).quantize(Decimal("0.001"))

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


def commissioner_budget(system: System, year: int) -> int:
    """The commissioner's planned spend on care (running costs excluded) for the year."""
    from engineroom.finance.models import Category, PlanLine

    lines = PlanLine.objects.filter(
        plan__system=system, plan__year=year, plan__organisation__kind="icb"
    ).exclude(category=Category.CORPORATE)
    return sum(lines.values_list("expenditure_pence", flat=True))
