"""Capitation shows the register only through the one suppression function: the allocation is
made on the exact cells, the page and the workbook show suppressed counts and nothing about a
place of 1-7 people."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.finance import capitation
from engineroom.population.phm.suppression import SUPPRESSED
from factories.finance import YEAR
from factories.system import PlaceFactory, RegisterCountFactory

AS_OF = dt.date(2025, 3, 31)
# (age band, deprivation quintile, people) by place: small cells everywhere.
CELLS = {
    "Bigtown": [("45-64", 3, 1003), ("85+", 5, 3), ("75-84", 1, 12), ("0-4", 2, 1)],
    "Midtown": [("15-44", 5, 2000), ("65-74", 4, 6), ("85+", 1, 7), ("5-14", 3, 2)],
    "Tinyplace": [("85+", 1, 2), ("75-84", 2, 1)],
}


@pytest.fixture
def registered(world):
    """The world's system with three places on the register, one of them of 3 people."""
    world.system.places.all().delete()
    for name, cells in CELLS.items():
        place = PlaceFactory(system=world.system, name=name, population=exact_population(name))
        for band, quintile, people in cells:
            RegisterCountFactory(
                place=place,
                age_band=band,
                deprivation_quintile=quintile,
                people=people,
                as_of=AS_OF,
            )
    return world


def exact_population(name: str) -> int:
    return sum(people for _, _, people in CELLS[name])


def test_the_allocation_uses_exact_counts_and_the_published_rows_only_suppressed_ones(registered):
    total = capitation.commissioner_budget(registered.system, YEAR)
    source, rows = capitation.budgets(registered.system, total)
    assert source == capitation.REGISTER
    assert {r.place.name: r.population for r in rows} == {n: exact_population(n) for n in CELLS}
    assert sum(r.budget for r in rows) == total  # the allocation reconciles to the penny

    shown = {p.place.name: p for p in capitation.published(rows)}
    big, mid, tiny = shown["Bigtown"], shown["Midtown"], shown["Tinyplace"]
    assert (big.population, mid.population) == (1020, 2015)  # from 1,019 and 2,015
    assert tiny.population == tiny.needs_index == tiny.budget == tiny.per_head == SUPPRESSED
    # One withheld budget would be the total less the others: the smaller place's goes too.
    assert big.budget == SUPPRESSED and big.per_head == SUPPRESSED
    assert mid.budget == next(r.budget for r in rows if r.place.name == "Midtown")
    assert mid.per_head == mid.budget // 2015  # per head on the rounded population
    weighted = next(r.weighted for r in rows if r.place.name == "Midtown")
    rounded = round(int(weighted) / 5) * 5
    assert mid.needs_index == (Decimal(rounded) / 2015).quantize(Decimal("0.001"))


def cells_of(html: str) -> list[list[str]]:
    table = html.split('id="capitation"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", table, re.S)[1:]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
        for r in rows
    ]


def test_the_page_shows_no_small_or_exact_count(registered, signed_in, member):
    page = signed_in(member("finance")).get(
        reverse("finance:capitation", args=[registered.system.code, YEAR])
    )
    rows = {r[0]: r[1:] for r in cells_of(page.content.decode())}
    assert rows["Tinyplace"] == ["*", "*", "*", "*"]
    assert rows["Bigtown"][0] == "1,020" and rows["Bigtown"][2:] == ["*", "*"]
    assert rows["Midtown"][0] == "2,015" and rows["Midtown"][2].startswith("£")
    assert b"1,019" not in page.content and b"1019" not in page.content
    assert b'id="capitation-small-numbers"' in page.content


def test_the_workbook_capitation_sheet_shows_what_the_page_shows(registered, signed_in, member):
    client = signed_in(member("finance"))
    response = client.get(reverse("finance:export", args=[registered.system.code, YEAR]))
    sheet = load_workbook(io.BytesIO(response.content))["Capitation"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Tinyplace"] == ("*", "*", "*", "*")
    assert rows["Bigtown"][0] == 1020 and rows["Bigtown"][2:] == ("*", "*")
    page = client.get(reverse("finance:capitation", args=[registered.system.code, YEAR]))
    mid = next(p for p in page.context["rows"] if p.place.name == "Midtown")
    assert rows["Midtown"][0] == 2015 and round(rows["Midtown"][2] * 100) == mid.budget
    populations = [row[0] for row in rows.values()]
    assert not [n for n in populations if isinstance(n, int) and (0 < n < 8 or n % 5)]


def test_the_fallback_suppresses_a_small_place_population_too(world):
    PlaceFactory(system=world.system, name="Hamlet", population=6)
    _source, rows = capitation.budgets(world.system, 1_000_000)
    shown = {p.place.name: p for p in capitation.published(rows)}
    assert shown["Hamlet"].population == SUPPRESSED == shown["Hamlet"].budget
    assert {p.needs_index for p in shown.values() if p.needs_index != SUPPRESSED} == {1}
