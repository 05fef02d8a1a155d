"""Pooled budget and capitation pages: numbers from the rules, the data path stated."""

import datetime as dt

from django.urls import reverse

from engineroom.finance import capitation
from factories.finance import YEAR
from factories.system import RegisterCountFactory


def test_the_bcf_pool_allocates_its_overspend_by_contribution_and_alerts(signed_in, member, world):
    page = signed_in(member("governance")).get(
        reverse("finance:pools", args=[world.system.code, YEAR])
    )
    pool, lines, allocation = page.context["pools"][0]
    assert pool.get_kind_display().startswith("Better Care Fund")
    spend = sum(line.spend_pence for line in lines)
    given = sum(line.contribution_pence for line in lines)
    assert allocation.variance == spend - given > 0
    assert sum(allocation.borne.values()) == allocation.variance
    assert allocation.alert and b"Tolerance exceeded" in page.content


def test_capitation_falls_back_to_place_populations_and_reconciles(signed_in, member, world):
    page = signed_in(member("finance")).get(
        reverse("finance:capitation", args=[world.system.code, YEAR])
    )
    rows, total = page.context["rows"], page.context["total"]
    assert page.context["source"] == capitation.FALLBACK and b"fallback" in page.content
    assert total > 0 and sum(r.budget for r in rows) == total
    assert {r.needs_index for r in rows} == {1}
    biggest = max(rows, key=lambda r: r.population)
    assert biggest.budget == max(r.budget for r in rows)


def test_capitation_uses_the_register_when_present(world):
    first, second = world.places
    as_of = dt.date(2025, 3, 31)
    RegisterCountFactory(
        place=first, age_band="85+", deprivation_quintile=1, people=1000, as_of=as_of
    )
    RegisterCountFactory(
        place=second, age_band="15-44", deprivation_quintile=5, people=1000, as_of=as_of
    )
    source, rows = capitation.budgets(world.system, 1_000_000)
    assert source == capitation.REGISTER
    by_place = {r.place.code: r.budget for r in rows}
    assert by_place[first.code] > 5 * by_place[second.code]
    assert sum(by_place.values()) == 1_000_000
    people = {r.place.code: r.population for r in rows}
    assert people[first.code] == people[second.code] == 1000
    assert next(r for r in rows if r.place == first).needs_index > 1
