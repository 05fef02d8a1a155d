from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engineroom.finance.money import apportion, share_of
from engineroom.web import periods


@settings(max_examples=50, deadline=None)
@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=9),
)
def test_apportioned_parts_always_sum_to_the_total(total, weights):
    parts = apportion(total, weights)
    assert sum(parts) == total and len(parts) == len(weights)


def test_share_rounds_half_up():
    assert share_of(101, Decimal("0.5")) == 51


def test_financial_years_and_months():
    assert periods.year_label(2025) == "2025/26" and periods.parse_year("2025/26") == 2025
    assert periods.year_label(1999) == "1999/00"
    with pytest.raises(ValueError):
        periods.parse_year("2025/27")
    assert periods.parse_month_in_year("Aug", 2025) == 5
    assert periods.parse_month_in_year("2026-03", 2025) == 12
    assert periods.month_label(2025, 10) == "January 2026"
    with pytest.raises(ValueError):
        periods.parse_month_in_year("2024-03", 2025)
