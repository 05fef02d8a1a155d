"""The left shift (S16): spend by sector over the years, for the system and for each place.

To count money once, sector spend is the commissioner's spend by sector (where the ICB's money
goes) plus council spend on social care; providers' own returns are not added on top. A year's
spend is its actual expenditure when all twelve months are in, otherwise the latest forecast
outturn. Place figures share each organisation's spend across the places it serves in
proportion to their populations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Sum

from engineroom.finance.models import Category, Plan, ReturnLine
from engineroom.finance.money import apportion
from engineroom.system.models import COUNCIL_KINDS, OrganisationKind, Place, System

SHIFT_TO = (Category.COMMUNITY, Category.PRIMARY_CARE, Category.MENTAL_HEALTH)
SHIFT_FROM = (Category.ACUTE,)


@dataclass
class SectorYear:
    year: int
    by_sector: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_sector.values())

    @property
    def acute_share(self) -> Decimal:
        return self.share(SHIFT_FROM)

    @property
    def out_of_hospital_share(self) -> Decimal:
        return self.share(SHIFT_TO)

    def share(self, sectors) -> Decimal:
        """The share (of one, to 0.1%) of the year's spend that went to ``sectors``."""
        part = sum(self.by_sector.get(s, 0) for s in sectors)
        return (Decimal(part) / self.total).quantize(Decimal("0.001")) if self.total else Decimal(0)


def _counted_plans(system: System):
    return Plan.objects.filter(system=system).filter(
        organisation__kind__in=[OrganisationKind.ICB, *COUNCIL_KINDS]
    )


def _spend_by_plan(plans) -> dict[int, dict[str, int]]:
    last = dict(
        ReturnLine.objects.filter(plan__in=plans).values_list("plan").annotate(Max("month"))
    )
    spend: dict[int, dict[str, int]] = defaultdict(dict)
    for plan_id, month in last.items():
        rows = ReturnLine.objects.filter(plan_id=plan_id)
        if month == 12:
            rows = rows.values("category").annotate(v=Sum("expenditure_pence"))
        else:
            rows = (
                rows.filter(month=month)
                .values("category")
                .annotate(v=Sum("forecast_expenditure_pence"))
            )
        for r in rows:
            if r["category"] != Category.CORPORATE:
                spend[plan_id][r["category"]] = r["v"]
    return spend


def system_trend(system: System) -> list[SectorYear]:
    plans = list(_counted_plans(system))
    spend = _spend_by_plan(plans)
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for plan in plans:
        for sector, value in spend.get(plan.pk, {}).items():
            totals[plan.year][sector] += value
    return [SectorYear(y, dict(totals[y])) for y in sorted(totals)]


def place_trend(system: System) -> dict[Place, list[SectorYear]]:
    """Each place's share of the sector spend of the organisations serving it."""
    plans = list(_counted_plans(system).select_related("organisation"))
    spend = _spend_by_plan(plans)
    places = list(system.places.all())
    served = _places_served(system, places)
    totals: dict[int, dict[int, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for plan in plans:
        mine = served.get(plan.organisation_id) or places
        for sector, value in spend.get(plan.pk, {}).items():
            parts = apportion(value, [p.population for p in mine])
            for place, part in zip(mine, parts, strict=True):
                totals[place.pk][plan.year][sector] += part
    return {
        place: [SectorYear(y, dict(v)) for y, v in sorted(totals[place.pk].items())]
        for place in places
    }


def _places_served(system: System, places: list[Place]) -> dict[int, list[Place]]:
    by_id = {p.pk: p for p in places}
    served: dict[int, list[Place]] = defaultdict(list)
    for org_id, place_id in (
        system.footprints.current()
        .filter(place__isnull=False)
        .values_list("organisation_id", "place_id")
    ):
        if place_id in by_id and by_id[place_id] not in served[org_id]:
            served[org_id].append(by_id[place_id])
    return served


def sectors(trend: list[SectorYear]) -> list[tuple[str, str]]:
    """The sectors present, in the order of the categories, as (value, label)."""
    present = {s for y in trend for s in y.by_sector}
    return [(c.value, c.label) for c in Category if c.value in present]


@dataclass
class Shift:
    first: int
    last: int
    acute_from: Decimal
    acute_to: Decimal
    out_from: Decimal
    out_to: Decimal

    @property
    def moving_left(self) -> bool:
        return self.acute_to < self.acute_from and self.out_to > self.out_from


def summary(trend: list[SectorYear]) -> Shift | None:
    """Acute and out-of-hospital shares of spend in the first and last years."""
    if len(trend) < 2:
        return None
    first, last = trend[0], trend[-1]
    return Shift(
        first.year,
        last.year,
        first.share(SHIFT_FROM),
        last.share(SHIFT_FROM),
        first.share(SHIFT_TO),
        last.share(SHIFT_TO),
    )
