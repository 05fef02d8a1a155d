"""Which practices the outcome evaluation compares: an adoption by a neighbourhood treats only
that neighbourhood's practices (not its whole place's), an adoption that stopped leaves its
practices out of both groups, and the difference-in-differences runs on exactly those groups.

The system is ``practices_system``: two places of two neighbourhoods of two practices each
(Y99001-Y99002 in the first neighbourhood, ..., Y99007-Y99008 in the fourth)."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from engineroom.population.evaluation.places import OUTCOME, evaluation
from engineroom.spread import queries, rules
from engineroom.system import queries as system_queries

pytestmark = pytest.mark.django_db
START = dt.date(2023, 7, 3)


@pytest.fixture
def county():
    from factories.spread import ModelOfCareFactory
    from factories.system import practices_system

    system = practices_system()
    north, south = system.places.order_by("code")
    return system, north, south, ModelOfCareFactory(origin=system)


def _adopt(model, place, status, hood=None):
    from factories.spread import AdoptionFactory

    started = START if status in rules.UNDER_WAY else None
    return AdoptionFactory(
        model=model,
        system=place.system,
        place=place,
        neighbourhood=hood,
        status=status,
        adopted_on=started,
    )


def _arms(system, model):
    return rules.arms(system_queries.practice_areas(system), queries.adoptions(system, model))


def test_a_neighbourhood_adoption_treats_only_its_own_practices(county):
    system, north, _, model = county
    _adopt(model, north, "adopted", hood=north.neighbourhoods.order_by("code").first())
    assert _arms(system, model) == ({"Y99001", "Y99002"}, set())


def test_a_whole_place_adoption_treats_every_practice_of_the_place(county):
    system, north, _, model = county
    _adopt(model, north, "started")
    assert _arms(system, model) == ({"Y99001", "Y99002", "Y99003", "Y99004"}, set())


def test_stopped_adoptions_are_neither_treated_nor_compared(county):
    system, north, south, model = county
    first, second = north.neighbourhoods.order_by("code")
    _adopt(model, north, "adopted", hood=first)
    _adopt(model, north, "stopped", hood=second)
    _adopt(model, south, "stopped")
    _adopt(model, south, "started", hood=south.neighbourhoods.order_by("code").last())
    _adopt(model, south, "planned", hood=south.neighbourhoods.order_by("code").first())
    treated, left_out = _arms(system, model)
    assert treated == {"Y99001", "Y99002", "Y99007", "Y99008"}
    assert left_out == {"Y99003", "Y99004", "Y99005", "Y99006"}  # planned inside stopped: out


def test_the_evaluation_compares_the_treated_with_the_rest_but_those_left_out(county):
    system, north, south, model = county
    _adopt(model, north, "adopted", hood=north.neighbourhoods.order_by("code").first())
    _adopt(model, south, "stopped")
    treated, left_out = _arms(system, model)
    frame = _panel(system_queries.practice_areas(system), treated)
    found = evaluation(frame, START, treated=treated, left_out=left_out)
    assert found["practices"] == {"adopting": 2, "units": 4, "left_out": 4}
    assert found["ran"], found
    assert found["adopting_places"] == [north.code]
    assert found["did"]["rate_ratio"] < 1  # the treated practices' rate fell by a third


def _panel(practices: dict, treated: set[str]) -> pd.DataFrame:
    """Three years of monthly admissions per practice (1,000 people, about 12 a month); the
    treated practices' rate falls by a third from START."""
    random = np.random.default_rng(7)
    months = pd.date_range("2022-01-01", "2024-12-01", freq="MS").date
    rows = []
    for unit, (place, _) in sorted(practices.items()):
        for month in months:
            mean = 8.0 if unit in treated and month >= START.replace(day=1) else 12.0
            rows.append((unit, place, month, 1000, int(random.poisson(mean))))
    return pd.DataFrame(rows, columns=["unit", "place", "month", "people", OUTCOME])
