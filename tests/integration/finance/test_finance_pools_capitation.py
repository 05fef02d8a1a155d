"""Pooled budget and capitation pages: numbers from the rules, the data path stated."""

import datetime as dt

from django.urls import reverse

from engineroom.finance import capitation
from engineroom.system.models import RegisterCount
from engineroom.web import periods

MAIN = "vale-downs"
YEAR = periods.year_of(dt.date.today())


def test_the_bcf_pool_allocates_its_overspend_by_contribution_and_alerts(client_for):
    page = client_for("governance").get(reverse("finance:pools", args=[MAIN, YEAR]))
    pool, lines, allocation = page.context["pools"][0]
    assert pool.get_kind_display().startswith("Better Care Fund")
    spend = sum(line.spend_pence for line in lines)
    given = sum(line.contribution_pence for line in lines)
    assert allocation.variance == spend - given > 0
    assert sum(allocation.borne.values()) == allocation.variance
    assert allocation.alert and b"Tolerance exceeded" in page.content


def test_capitation_falls_back_to_place_populations_and_reconciles(client_for, main_system):
    page = client_for("finance").get(reverse("finance:capitation", args=[MAIN, YEAR]))
    rows, total = page.context["rows"], page.context["total"]
    assert page.context["source"] == capitation.FALLBACK and b"fallback" in page.content
    assert total > 0 and sum(r.budget for r in rows) == total
    assert {r.needs_index for r in rows} == {1}
    biggest = max(rows, key=lambda r: r.population)
    assert biggest.budget == max(r.budget for r in rows)


def test_capitation_uses_the_register_when_present(db, main_system):
    first, second = main_system.places.order_by("name")[:2]
    as_of = dt.date(2025, 3, 31)
    RegisterCount.objects.create(
        place=first, age_band="85+", deprivation_quintile=1, people=1000, as_of=as_of
    )
    RegisterCount.objects.create(
        place=second, age_band="15-44", deprivation_quintile=5, people=1000, as_of=as_of
    )
    source, rows = capitation.budgets(main_system, 1_000_000)
    assert source == capitation.REGISTER
    by_place = {r.place.code: r.budget for r in rows}
    assert by_place[first.code] > 5 * by_place[second.code]
    assert sum(by_place.values()) == 1_000_000
    people = {r.place.code: r.population for r in rows}
    assert people[first.code] == people[second.code] == 1000
    assert next(r for r in rows if r.place == first).needs_index > 1
