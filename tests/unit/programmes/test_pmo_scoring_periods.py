import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engineroom.programmes import rules
from engineroom.web import formatting
from engineroom.web.periods import Quarter, add_months, financial_year_of, parse_month

one_to_five = st.integers(min_value=1, max_value=5)


@given(one_to_five, one_to_five)
def test_every_5x5_score_has_exactly_one_band(likelihood, impact):
    value = rules.score(likelihood, impact)
    assert 1 <= value <= 25
    assert sum(b.low <= value <= b.high for b in rules.BANDS) == 1


@pytest.mark.parametrize(
    ("value", "key"), [(3, "low"), (4, "moderate"), (12, "high"), (15, "extreme")]
)
def test_band_edges(value, key):
    assert rules.band(value).key == key


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 1), (3, 7)])
def test_scores_outside_one_to_five_are_refused(likelihood, impact):
    with pytest.raises(ValueError):
        rules.score(likelihood, impact)


def test_matrix_counts_each_pair_with_likelihood_five_on_top():
    grid = rules.matrix([(5, 1), (5, 1), (2, 4)])
    assert grid[0][0].likelihood == 5 and grid[0][0].impact == 1 and grid[0][0].count == 2
    assert grid[3][3].likelihood == 2 and grid[3][3].impact == 4 and grid[3][3].count == 1
    assert sum(c.count for row in grid for c in row) == 3


@pytest.mark.parametrize(
    ("day", "year", "slug"),
    [
        (dt.date(2025, 4, 1), "2025/26", "2025-26-q1"),
        (dt.date(2026, 3, 31), "2025/26", "2025-26-q4"),
        (dt.date(2025, 12, 15), "2025/26", "2025-26-q3"),
        (dt.date(2099, 7, 1), "2099/00", "2099-00-q2"),
    ],
)
def test_financial_years_and_quarters(day, year, slug):
    assert financial_year_of(day) == year
    assert Quarter.of(day).slug == slug
    assert Quarter.parse(slug) == Quarter.of(day)


def test_quarter_months_and_previous():
    q = Quarter.parse("2025-26-q4")
    assert q.months == [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
    assert q.previous().slug == "2025-26-q3"
    assert Quarter.parse("2025-26-q1").previous().slug == "2024-25-q4"


@pytest.mark.parametrize("bad", ["2025-27-q1", "2025-26-q5", "25-26-q1"])
def test_bad_quarters_are_refused(bad):
    with pytest.raises(ValueError):
        Quarter.parse(bad)


@pytest.mark.parametrize("bad", ["2025-13", "April", "2025-4"])
def test_bad_months_are_refused(bad):
    with pytest.raises(ValueError):
        parse_month(bad)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2900, 1, 1)), st.integers(-40, 40))
def test_add_months_round_trips(day, months):
    assert add_months(add_months(day, months), -months) == day.replace(day=1)


@pytest.mark.parametrize(
    ("pence", "text"),
    [(0, "£0"), (250, "£3"), (123456, "£1,235"), (-1_000_000, "(£10,000)"), (None, "–")],
)
def test_programme_money_is_shown_the_one_way(pence, text):
    assert formatting.money(pence) == text
