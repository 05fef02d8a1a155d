"""Inequalities by deprivation quintile: gaps and slope index of inequality on suppressed counts."""

import pytest

from engineroom.population.phm.inequalities import by_quintile, slope_index


def test_sii_of_a_straight_gradient_is_the_end_to_end_difference():
    # rates fall linearly with rank: 30 at x=0.1 ... 10 at x=0.9, equal populations
    assert slope_index([30, 25, 20, 15, 10], [100] * 5) == pytest.approx(25.0)
    assert slope_index([10, 10, 10, 10, 10], [100] * 5) == pytest.approx(0.0)
    assert slope_index([10, 15, 20, 25, 30], [100] * 5) < 0  # higher among the least deprived


def test_gaps_and_sii_from_rounded_counts():
    out = by_quintile({1: 300, 2: 250, 3: 200, 4: 150, 5: 100}, {q: 1000 for q in range(1, 6)})
    assert [r["rate"] for r in out["quintiles"]] == [30.0, 25.0, 20.0, 15.0, 10.0]
    assert out["absolute_gap"] == 20.0
    assert out["relative_gap"] == 3.0
    assert out["sii"] == pytest.approx(25.0)


def test_a_small_quintile_suppresses_the_gap_and_sii():
    out = by_quintile({1: 5, 5: 100}, {1: 400, 2: 1000, 3: 1000, 4: 1000, 5: 1000})
    assert out["quintiles"][0]["count"] == "*"
    assert out["quintiles"][1]["rate"] == 0.0
    assert out["quintiles"][0]["rate"] == "*"
    assert out["absolute_gap"] == out["relative_gap"] == out["sii"] == "*"


def test_gaps_use_the_quintiles_the_area_has():
    out = by_quintile({1: 300, 2: 250, 3: 200, 4: 150}, {1: 1000, 2: 1000, 3: 1000, 4: 1000})
    assert (out["most_deprived"], out["least_deprived"]) == (1, 4)
    assert out["absolute_gap"] == 15.0 and out["relative_gap"] == 2.0
    assert out["quintiles"][4]["rate"] is None
    assert out["sii"] > 0


def test_one_quintile_has_no_gap():
    out = by_quintile({2: 30}, {2: 1000})
    assert out["absolute_gap"] is None and out["sii"] is None
