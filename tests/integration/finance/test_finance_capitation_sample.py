"""Capitation when the register is a sample of the population (the demo generates 5%): budgets
per head are over the places' registered list sizes, and the page says the register is a sample."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.finance import capitation, presenters
from factories.finance import YEAR
from factories.system import RegisterCountFactory

AS_OF = dt.date(2025, 3, 31)


def register(place, people: int, band: str, quintile: int) -> None:
    RegisterCountFactory(
        place=place, age_band=band, deprivation_quintile=quintile, people=people, as_of=AS_OF
    )


@pytest.fixture
def sampled(world):
    """A 5% register sample: 15,000 of the first place's 300,000, 5,000 of the second's 100,000;
    the first place older and more deprived."""
    first, second = world.places
    register(first, 10_000, "75-84", 1)
    register(first, 5_000, "15-44", 3)
    register(second, 5_000, "15-44", 5)
    return world


def test_budgets_per_head_are_over_registered_list_sizes_not_the_sample(sampled):
    total = capitation.commissioner_budget(sampled.system, YEAR)
    source, rows = capitation.budgets(sampled.system, total)
    assert source == capitation.REGISTER and sum(r.budget for r in rows) == total
    first, second = rows if rows[0].place == sampled.places[0] else rows[::-1]
    assert (first.population, first.registered) == (15_000, 300_000)
    assert first.per_head == first.budget // 300_000
    assert second.per_head == second.budget // 100_000
    per_head_overall = total // 400_000
    assert second.per_head < per_head_overall < first.per_head < 3 * per_head_overall
    assert first.needs_index > second.needs_index
    cover = capitation.coverage(source, rows)
    assert cover.is_sample and cover.share == Decimal("0.05")


def test_the_page_and_workbook_say_the_register_is_a_sample(sampled, signed_in, member):
    client = signed_in(member("finance"))
    page = client.get(reverse("finance:capitation", args=[sampled.system.code, YEAR]))
    text = "Population: 5% sample of 400,000 registered people"
    assert text.encode() in page.content
    assert b"People in the register sample" in page.content and b"15,000" in page.content
    rows = {p.place: p for p in page.context["rows"]}
    assert rows[sampled.places[0]].population == 300_000
    assert rows[sampled.places[0]].sampled == 15_000
    assert rows[sampled.places[0]].per_head == rows[sampled.places[0]].budget // 300_000
    export = client.get(reverse("finance:export", args=[sampled.system.code, YEAR]))
    sheet = load_workbook(BytesIO(export.content))["Capitation"]
    assert any(text in str(row[0]) for row in sheet.iter_rows(values_only=True))


def test_a_full_register_is_not_called_a_sample(world):
    first, second = world.places
    register(first, 290_000, "45-64", 3)
    register(second, 95_000, "45-64", 3)
    source, rows = capitation.budgets(world.system, 1_000_000)
    note = presenters.population_note(capitation.coverage(source, rows))
    assert "sample" not in note and "96% of 400,000 registered people" in note
    assert presenters.population_note(capitation.coverage(capitation.FALLBACK, rows)) == ""
    assert presenters.people_short(1_200_000) == "1.2 million"
    assert presenters.people_short(2_000_000) == "2 million"
