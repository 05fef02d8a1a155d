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

Head counts are the places' registered list sizes (``Place.population``). The register may be a
sample (the demo generates 5% of its people by default), so it gives each place's need *mix* (its
needs index) but never its head count: a place's weight is its list size times its needs index,
and its budget per head is its budget over its list size, whatever share of its people the
register holds. ``Coverage`` says how much of the registered population the register covers, and
every page using it says so. A place with 1-7 people on the register is weighted by the national
mix (index 1), so its budget says nothing about those few people.

Small numbers (see :mod:`engineroom.population.phm.suppression`, the one suppression function): the
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
from engineroom.population.phm.suppression import SUPPRESSED, Suppressed, suppress
from engineroom.system.models import Place, RegisterCount, System

WEIGHTS_FILE = Path(__file__).parent / "data" / "capitation_weights.csv"
FALLBACK = "fallback"
REGISTER = "register"
THOUSANDTH = Decimal("0.001")
SMALL = 7  # at most this many people on the register: the suppression rule's small number
SAMPLE_BELOW = Decimal("0.9")


@dataclass
class PlaceBudget:
    """``population``: people counted in the data used (register or place population);
    ``weighted``: those people weighted for need; ``registered``: the list size the budget
    serves (the head count for the budget per head)."""

    place: Place
    population: int
    weighted: Decimal
    budget: int
    registered: int = 0

    def __post_init__(self):
        self.registered = self.registered or self.population

    @property
    def needs_index(self) -> Decimal:
        """Need per person in the data used; the national mix (1) for 1-7 people."""
        if not self.population:
            return Decimal(0)
        if self.population <= SMALL:
            return Decimal(1)
        return (self.weighted / self.population).quantize(THOUSANDTH)

    @property
    def per_head(self) -> int:
        return self.budget // self.registered if self.registered else 0


@dataclass(frozen=True)
class Coverage:
    """How much of the places' registered population the register holds (a sample or all)."""

    people: int  # on the register, all places
    registered: int  # the places' list sizes

    @property
    def share(self) -> Decimal:
        return Decimal(self.people) / self.registered if self.registered else Decimal(0)

    @property
    def is_sample(self) -> bool:
        """Under 90%: more than national data opt-outs alone would remove."""
        return self.share < SAMPLE_BELOW


def coverage(source: str, rows: list[PlaceBudget]) -> Coverage | None:
    """The register's coverage of the registered population; None on the fallback path."""
    if source != REGISTER:
        return None
    return Coverage(sum(r.population for r in rows), sum(r.registered for r in rows))


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
    rows = [
        PlaceBudget(p, counts[p.pk], weighted[p.pk].quantize(Decimal(1)), 0, p.population)
        for p in places
    ]
    parts = apportion(total, [_weight(r, weighted[r.place.pk]) for r in rows])
    for row, part in zip(rows, parts, strict=True):
        row.budget = part
    return source, rows


def _weight(row: PlaceBudget, weighted: Decimal) -> Decimal:
    """The place's list size weighted by its need mix (its register people if no list size)."""
    if not row.population:
        return Decimal(row.registered)
    if row.population <= SMALL:
        return Decimal(row.registered)  # the national mix: nothing from 1-7 people
    return Decimal(row.registered) * weighted / row.population


@dataclass(frozen=True)
class PublishedPlace:
    """What may be shown of a place's budget: see the module's note on small numbers."""

    place: Place
    population: Suppressed  # the registered list size
    needs_index: Decimal | str | None
    budget: int | str
    per_head: int | str | None
    sampled: Suppressed | None = None  # people on the register, when it is a sample


def publish(row: PlaceBudget) -> PublishedPlace:
    """A place's budget as shown and exported: the list size suppressed, the needs index and
    the budget per head built on suppressed counts, a place of 1-7 people withheld whole."""
    people = suppress(row.registered)
    if people == SUPPRESSED:
        return PublishedPlace(row.place, people, SUPPRESSED, SUPPRESSED, SUPPRESSED)
    if people == 0:
        return PublishedPlace(row.place, 0, None, row.budget, None)
    return PublishedPlace(row.place, people, _index(row), row.budget, row.budget // people)


def _index(row: PlaceBudget) -> Decimal | str | None:
    """The needs index from the suppressed register counts (the national 1 for 1-7 people)."""
    counted = suppress(row.population)
    if counted == SUPPRESSED:
        return Decimal(1).quantize(THOUSANDTH)
    if counted == 0:
        return None
    weighted = suppress(int(row.weighted.to_integral_value()))
    if weighted == SUPPRESSED:
        return SUPPRESSED
    return (Decimal(weighted) / counted).quantize(THOUSANDTH)


def published(rows: list[PlaceBudget]) -> list[PublishedPlace]:
    """Every place as shown. The page states the total, so one withheld budget would be the
    total less the others: the smallest other place's budget is withheld with it."""
    shown = [replace(publish(row), sampled=suppress(row.population)) for row in rows]
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
