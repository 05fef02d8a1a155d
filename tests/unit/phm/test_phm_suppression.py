"""Small-number suppression: one function, boundary values, rates built on suppressed counts."""

import pytest

from engineroom.population.phm.suppression import SUPPRESSED, rate, suppress


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (0, 0),
        (1, "*"),
        (7, "*"),
        (8, 10),
        (12, 10),
        (13, 15),
        (2, "*"),
        (17, 15),
        (18, 20),
        (22, 20),
        (23, 25),
        (100, 100),
        (1002, 1000),
    ],
)
def test_counts_are_suppressed_and_rounded_to_5(count, shown):
    assert suppress(count) == shown


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        suppress(-1)


def test_already_suppressed_values_pass_through():
    assert suppress(SUPPRESSED) == SUPPRESSED


@pytest.mark.parametrize("numerator", [1, 7])
def test_rates_on_suppressed_numerators_are_suppressed(numerator):
    assert rate(numerator, 1000) == SUPPRESSED


@pytest.mark.parametrize("denominator", [1, 7])
def test_rates_on_suppressed_denominators_are_suppressed(denominator):
    assert rate(0, denominator) == SUPPRESSED


def test_rates_use_rounded_counts_so_exact_counts_cannot_be_recovered():
    assert rate(12, 103) == round(100 * 10 / 105, 1)
    assert rate(13, 103) == round(100 * 15 / 105, 1)
    assert rate(0, 50) == 0.0
    assert rate(0, 0) is None
