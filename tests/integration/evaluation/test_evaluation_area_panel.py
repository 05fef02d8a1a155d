"""Area-level evaluation from the lake: the practice x month panel reconciles with the lake, and
difference-in-differences and the time series run on it; bad input is named."""

from datetime import date

import pandas as pd
import pytest

from engineroom.population.evaluation import panel
from engineroom.population.phm import lakeviews


@pytest.fixture(scope="module")
def lake(phm_var):
    opened = lakeviews.connect(phm_var)
    yield opened
    opened.close()


def test_the_panel_counts_the_cohort_and_its_admissions(lake):
    start, first = date(2023, 10, 2), date(2023, 1, 1)
    end = lakeviews.data_end(lake)
    found = panel.build(lake, start=start, first=first, last=end, population="everyone")
    people = panel.cohort(lake, start, "everyone")
    assert found["month"].min() == first and found["month"].max() <= end
    # the first month: everyone in the cohort is alive (they are alive on the later start)
    assert found.loc[found["month"] == first, "people"].sum() == people.count().execute()
    apc = lake.table("apc")
    admitted = apc.filter(
        apc.admission_method == "emergency",
        apc.admission_date >= first,
        apc.admission_date <= end,
        apc.person_id.isin(people.person_id),
    )
    assert found["emergency_admissions"].sum() == admitted.count().execute()
    assert set(found["unit"]) <= set(lake.table("person").registered_practice.to_pandas())


def test_care_home_residents_are_a_subset_of_everyone(lake):
    start = date(2023, 10, 2)
    everyone = panel.cohort(lake, start, "everyone").count().execute()
    homes = panel.cohort(lake, start, "care_home_residents").count().execute()
    assert 0 < homes < everyone


def test_difference_in_differences_and_the_series_on_the_panel(lake):
    start = date(2023, 10, 2)
    found = panel.build(
        lake,
        start=start,
        first=date(2022, 4, 1),
        last=lakeviews.data_end(lake),
        population="everyone",
    )
    result = panel.evaluate_area(
        found, treated=["Y90001", "Y90002"], start=start, outcome="emergency_admissions"
    )
    did = result["did"]
    assert did["ci_low"] < did["rate_ratio"] < did["ci_high"]
    assert did["units"] == found["unit"].nunique() and "trends" in did
    assert result["its"]["periods_before"] > 0 and result["its"]["periods_after"] > 0
    months = pd.DataFrame(result["series"])
    assert all(v == "*" or v % 5 == 0 for v in months["events"])  # published counts suppressed
    words = panel.rate_ratio_words(result, "emergency admissions")
    assert "emergency admissions (against the comparison practices' trend)" in words.lower()


def test_the_panel_needs_adopters_and_others(lake):
    found = panel.build(
        lake,
        start=date(2023, 10, 2),
        first=date(2023, 1, 1),
        last=lakeviews.data_end(lake),
        population="everyone",
    )
    with pytest.raises(ValueError, match="adopted and practices that did not"):
        panel.evaluate_area(
            found, treated=["NOPE"], start=date(2023, 10, 2), outcome="ae_attendances"
        )
    with pytest.raises(ValueError, match="population 'nobody'"):
        panel.cohort(lake, date(2023, 10, 2), "nobody")


def test_engineroom_evaluate_area_prints_json_and_names_bad_input(phm_var):
    import json

    from typer.testing import CliRunner

    from engineroom.cli import app

    base = ["evaluate", "area", "--start", "2023-10-02", "--var", str(phm_var)]
    ok = CliRunner().invoke(app, [*base, "--practices", "Y90001,Y90002", "--json"])
    assert ok.exit_code == 0, ok.output
    result = json.loads(ok.output)
    assert set(result["results"]) == {"emergency_admissions", "ae_attendances"}
    assert len(result["key_points"]) == 2
    bad = CliRunner().invoke(app, [*base, "--practices", "Y90001", "--population", "cats"])
    assert bad.exit_code == 1 and "population 'cats'" in bad.output
    empty = CliRunner().invoke(app, [*base, "--practices", " , "])
    assert empty.exit_code == 1 and "--practices" in empty.output
