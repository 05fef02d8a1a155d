"""The one formatting module: money shown the same way on every page and in every PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engineroom.web import formatting


@pytest.mark.parametrize(
    ("pence", "shown"),
    [
        (250, "£3"),
        (249, "£2"),
        (-250, "(£3)"),
        (250_000, "£2,500"),
        (-250_000, "(£2,500)"),
        (0, "£0"),
        (-49, "£0"),
        (Decimal("12345.5"), "£123"),
        (None, "–"),
    ],
)
def test_money_is_whole_pounds_with_negatives_in_brackets(pence, shown):
    assert formatting.money(pence) == shown


@pytest.mark.parametrize(
    ("pence", "shown"),
    [
        (125_000_000, "£1.25m"),
        (120_000_000, "£1.2m"),
        (300_000_000, "£3m"),
        (-2_500_000, "(£25k)"),
        (999_999, "£10,000"),
        (250_000, "£2,500"),
        (None, "–"),
    ],
)
def test_short_money_for_headlines(pence, shown):
    assert formatting.money_short(pence) == shown


@pytest.mark.parametrize(
    ("pence", "shown"),
    [
        (128_431_000, "£1.3m"),
        (-128_431_000, "(£1.3m)"),
        (300_000_000, "£3m"),
        (-2_500_000, "(£25k)"),
        (250_000, "£2,500"),
        (None, "–"),
    ],
)
def test_summary_money_has_one_place_for_millions(pence, shown):
    assert formatting.money_summary(pence) == shown
    assert " " not in formatting.money_summary(pence)


def test_exact_money_keeps_pence():
    assert formatting.money_exact(250_050) == "£2,500.50"
    assert formatting.money_exact(-5) == "(£0.05)"


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_money_never_wraps_and_is_symmetric(pence):
    shown = formatting.money(pence)
    assert " " not in shown and "-" not in shown
    assert formatting.money(-pence).strip("()") == shown.strip("()")


@pytest.mark.parametrize(
    ("share", "places", "shown"),
    [(0.256, 0, "26%"), (0.256, 1, "25.6%"), (Decimal("0.125"), 1, "12.5%"), (1, 0, "100%")],
)
def test_percent_of_a_share(share, places, shown):
    assert formatting.percent(share, places) == shown


def test_dates_and_years():
    day = dt.date(2026, 3, 5)
    assert formatting.date(day) == "5 March 2026"
    assert formatting.date_short(day) == "5 Mar 2026"
    assert formatting.date_time(dt.datetime(2026, 3, 5, 14, 30)) == "5 March 2026, 14:30"
    assert formatting.financial_year(day) == "2025/26"
    assert formatting.financial_year(2025) == "2025/26"
    assert formatting.month(day) == "March 2026"
    assert formatting.days(1) == "1 day"
    assert formatting.days(2.4) == "2 days"
    assert formatting.number(12345.67, 1) == "12,345.7"
    assert formatting.date(None) == formatting.number(None) == formatting.percent(None) == "–"


def test_aware_times_are_shown_in_london_time(settings):
    summer = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert formatting.date_time(summer) == "1 July 2026, 00:30"
    assert formatting.date(summer) == "1 July 2026"
