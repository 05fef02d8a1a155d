"""Directly age-standardised rates (ESP 2013) with Dobson's interval, against worked examples."""

import math

import pytest
from scipy import stats

from engineroom.population.phm import standardise
from engineroom.population.phm.suppression import SUPPRESSED

BANDS = 19


def test_the_standard_population_is_19_bands_summing_to_100000():
    esp = standardise.esp2013()
    assert len(esp["bands"]) == len(esp["weights"]) == BANDS
    assert esp["bands"][0] == "0-4" and esp["bands"][-1] == "90+"
    assert sum(esp["weights"]) == 100_000
    assert "Eurostat" in esp["_source"]
    assert standardise.weights(standardise.OLDER_FROM).sum() == pytest.approx(1.0)


def _two_bands(events, people):
    """Events and people in 80-84 (band 16) and 85-89 (band 17) only: the 65+ standard."""
    d, n = [0] * 6, [0] * 6
    d[3], d[4], n[3], n[4] = events[0], events[1], people[0], people[1]
    return d, n


def test_dsr_of_a_hand_checked_two_band_case():
    # 65+ standard weights: 5500, 5000, 4000, 2500, 1500, 1000 (sum 19500).
    # 80-84: 50 of 200 (0.25), weight 2500/19500; 85-89: 30 of 60 (0.5), weight 1500/19500.
    d, n = _two_bands((50, 30), (200, 60))
    rate = 0.25 * 2500 / 19500 + 0.5 * 1500 / 19500  # 0.0705128...
    found = standardise.dsr(d, n, first_band=standardise.OLDER_FROM, per=100.0)
    assert found.rate == pytest.approx(100 * rate)
    assert found.rate == pytest.approx(7.0513, abs=1e-4)
    # Dobson: var = sum w^2 d / n^2; limits from the exact Poisson limits of O = 80
    w1, w2 = 2500 / 19500, 1500 / 19500
    var = w1**2 * 50 / 200**2 + w2**2 * 30 / 60**2
    low = stats.chi2.ppf(0.025, 2 * 80) / 2
    high = stats.chi2.ppf(0.975, 2 * 81) / 2
    assert found.lower == pytest.approx(100 * (rate + math.sqrt(var / 80) * (low - 80)))
    assert found.upper == pytest.approx(100 * (rate + math.sqrt(var / 80) * (high - 80)))
    assert found.lower < found.rate < found.upper


def test_a_uniform_rate_standardises_to_itself():
    found = standardise.dsr([30] * BANDS, [1000] * BANDS)
    assert found.rate == pytest.approx(3.0)


def test_an_older_population_has_a_lower_dsr_than_crude_rate():
    # the same age-specific rates; a population with many old people (where rates are high)
    rates = [0.01] * 13 + [0.1] * 6
    people = [100] * 13 + [1000] * 6
    events = [r * n for r, n in zip(rates, people, strict=True)]
    crude = 100 * sum(events) / sum(people)
    assert standardise.dsr(events, people).rate < crude


def test_empty_bands_contribute_nothing_and_no_one_counted_is_none():
    assert standardise.dsr([0] * BANDS, [0] * BANDS) is None
    d = [0] * BANDS
    d[0] = 10
    n = [0] * BANDS
    n[0] = 100
    assert standardise.dsr(d, n).rate == pytest.approx(100 * 0.1 * 5000 / 100_000)


def test_published_dsr_is_suppressed_when_the_crude_rate_would_be():
    d, n = [0] * BANDS, [100] * BANDS
    d[10] = 5  # 5 events: the count is 1-7, so the rate is '*'
    assert standardise.published(d, n) == dict.fromkeys(("dsr", "dsr_lower", "dsr_upper"), "*")
    assert standardise.published([0] * BANDS, [0] * BANDS)["dsr"] is None
    no_events = standardise.published([0] * BANDS, [100] * BANDS)
    assert no_events == {"dsr": 0.0, "dsr_lower": None, "dsr_upper": None}
    d[10] = 50
    shown = standardise.published(d, n)
    assert SUPPRESSED not in shown.values() and shown["dsr_lower"] < shown["dsr"]


def test_the_wrong_number_of_bands_is_refused():
    with pytest.raises(ValueError, match="19 age bands"):
        standardise.dsr([1, 2], [10, 20])
