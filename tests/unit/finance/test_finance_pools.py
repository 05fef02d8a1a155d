"""Risk-share rules: the allocation follows the rule and always reconciles to the variance."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engineroom.finance.pools import Row, allocate

ROWS = [
    Row("ICB", "Intermediate care", 3_000, 3_600, Decimal("0.75"), 2, None),
    Row("Council", "Intermediate care", 1_000, 1_000, Decimal("0.25"), 1, 300),
    Row("Council", "Disabled facilities grant", 1_000, 900, Decimal(1), None, None),
]


def test_each_bears_its_own():
    result = allocate("own", ROWS)
    assert result.variance == 500 and result.borne == {"ICB": 600, "Council": -100}


def test_by_contribution_share():
    assert allocate("contribution", ROWS).borne == {"ICB": 300, "Council": 200}


def test_fixed_shares_per_line():
    assert allocate("fixed", ROWS).borne == {"ICB": 450, "Council": 50}


def test_contingency_pot_first_then_by_contribution():
    result = allocate("contingency", ROWS, contingency=100)
    assert result.contingency_used == 100 and result.borne == {"ICB": 240, "Council": 160}


def test_order_of_cover_up_to_each_cap():
    assert allocate("order", ROWS).borne == {"Council": 300, "ICB": 200}


def test_tolerance_alert():
    assert allocate("own", ROWS, tolerance_percent=Decimal(5)).alert is True  # 500 > 250
    assert allocate("own", ROWS, tolerance_percent=Decimal(10)).alert is False


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="Unknown"):
        allocate("lottery", ROWS)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["own", "contribution", "contingency", "fixed", "order"]),
    st.lists(st.integers(0, 10**9), min_size=2, max_size=6),
    st.lists(st.integers(0, 10**9), min_size=6, max_size=6),
    st.integers(0, 10**8),
)
def test_allocations_always_reconcile(rule, contributions, spends, contingency):
    rows = [
        Row(f"P{i % 3}", f"L{i % 2}", c, spends[i], Decimal(1), i, None)
        for i, c in enumerate(contributions)
    ]
    if rule == "fixed":
        rows = [
            Row(r.organisation, f"L{i}", r.contribution, r.spend, Decimal(1))
            for i, r in enumerate(rows)
        ]
    result = allocate(rule, rows, contingency=contingency)
    assert sum(result.borne.values()) + result.contingency_used == result.variance
