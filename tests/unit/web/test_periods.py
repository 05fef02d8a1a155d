"""Financial years run April to March and are written 2025/26; one module knows it."""

from __future__ import annotations

import datetime as dt

import pytest

from engineroom.web import periods


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2025, 4, 1), 2025), (dt.date(2026, 3, 31), 2025), (dt.date(2026, 4, 1), 2026)],
)
def test_year_of_a_date(day, year):
    assert periods.year_of(day) == year
    assert periods.financial_year_of(day) == periods.year_label(year)


def test_labels_parse_back_and_bad_ones_are_refused():
    assert periods.parse_year("2099/00") == 2099
    assert periods.parse_year(periods.year_label(2025)) == 2025
    for bad in ("2025/27", "2025-26", "25/26"):
        with pytest.raises(ValueError):
            periods.parse_year(bad)


def test_months_within_a_year():
    assert periods.month_of(dt.date(2026, 1, 15)) == 10
    assert periods.month_label(2025, 10) == "January 2026"
    assert periods.parse_month_in_year("Aug", 2025) == 5
    assert periods.parse_month_in_year("2026-02", 2025) == 11
    with pytest.raises(ValueError):
        periods.parse_month_in_year("2027-02", 2025)
    with pytest.raises(ValueError):
        periods.parse_month_in_year("Smarch", 2025)
    assert periods.add_months(dt.date(2025, 11, 20), 3) == dt.date(2026, 2, 1)
    assert periods.parse_month("2025-04") == dt.date(2025, 4, 1)


def test_quarters():
    q = periods.Quarter.of(dt.date(2026, 2, 1))
    assert (q.start_year, q.number, q.slug, q.label) == (2025, 4, "2025-26-q4", "Quarter 4 2025/26")
    assert periods.Quarter.parse("2025-26-q4") == q
    assert q.previous().number == 3 and q.months[0] == dt.date(2026, 1, 1)
    with pytest.raises(ValueError):
        periods.Quarter.parse("2025-27-q1")
