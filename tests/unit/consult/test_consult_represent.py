"""Representativeness: shares and ratios leave "not stated" out, suppressed population counts
give no ratio, and raking reproduces the population's margins."""

import random

import pytest

from engineroom.population.consult.represent import NOT_STATED, compare, weights


def test_compare_shares_and_ratios_leave_not_stated_out():
    respondents = {"sex": {"F": 60, "M": 30, NOT_STATED: 10}}
    population = {"sex": {"F": 500, "M": 500}}
    rows = {r["category"]: r for r in compare(respondents, population)["sex"]}
    assert rows["F"]["respondent_share"] == pytest.approx(2 / 3)
    assert rows["F"]["population_share"] == pytest.approx(0.5)
    assert rows["F"]["ratio"] == pytest.approx(4 / 3)
    assert rows["M"]["ratio"] == pytest.approx(2 / 3)
    assert rows[NOT_STATED]["respondent_share"] is None and rows[NOT_STATED]["ratio"] is None


def test_compare_no_ratio_where_the_population_is_zero_or_suppressed():
    respondents = {"ethnicity": {"White": 90, "Black": 3, "Other": 2}}
    population = {"ethnicity": {"White": 900, "Black": "*", "Other": 0}}
    rows = {r["category"]: r for r in compare(respondents, population)["ethnicity"]}
    assert rows["White"]["population_share"] == pytest.approx(1.0)
    assert rows["Black"]["ratio"] is None and rows["Other"]["ratio"] is None
    assert rows["Black"]["population"] == "*"


def test_compare_lists_categories_only_one_side_has():
    rows = compare({"place": {"P1": 5}}, {"place": {"P2": 100}})["place"]
    assert [r["category"] for r in rows] == ["P2", "P1"]
    assert rows[1]["population_share"] is None and rows[0]["respondents"] == 0


def _respondents(n: int, seed: int = 1) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    return [
        {
            "sex": rnd.choices(["F", "M", NOT_STATED], [0.62, 0.33, 0.05])[0],
            "age_band": rnd.choices(["16-24", "25-64", "65+", ""], [0.05, 0.45, 0.45, 0.05])[0],
        }
        for _ in range(n)
    ]


def test_raking_converges_to_the_population_margins():
    rows = _respondents(4_000)
    population = {
        "sex": {"F": 510, "M": 490},
        "age_band": {"16-24": 150, "25-64": 600, "65+": 250},
    }
    w = weights(rows, population, ["sex", "age_band"])
    assert sum(w) / len(w) == pytest.approx(1.0)
    for dim, margins in population.items():
        stated = [(row[dim], x) for row, x in zip(rows, w, strict=True) if row[dim] in margins]
        total = sum(x for _, x in stated)
        for category, count in margins.items():
            share = sum(x for c, x in stated if c == category) / total
            assert share == pytest.approx(count / sum(margins.values()), abs=0.005)


def test_raking_caps_weights_and_leaves_unstated_alone():
    rows = [{"sex": "F"}] * 990 + [{"sex": "M"}] * 10 + [{"sex": ""}] * 10
    w = weights(rows, {"sex": {"F": 500, "M": 500}}, ["sex"])
    mean = sum(w) / len(w)
    assert max(w) <= 5.0 * mean + 1e-9
    assert w[-1] == pytest.approx(w[-2])  # unstated respondents keep one common weight
    assert weights([], {"sex": {"F": 1}}, ["sex"]) == []
