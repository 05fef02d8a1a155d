"""The care-home evaluation over a real linked lake: the cohort is who it should be (residents on
the start date, secondary use), outcomes are counted in follow-up, and what is returned for
display carries no NHS number and only suppressed counts."""

import json
from datetime import timedelta

import pandas as pd
import pytest
from typer.testing import CliRunner

from engineroom.cli import app
from engineroom.population.evaluation import evaluate
from engineroom.population.evaluation.cohort import cohort_frame
from engineroom.population.phm.lakeviews import connect, data_end

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lake(phm_var):
    found = connect(phm_var)
    yield found
    found.close()


@pytest.fixture(scope="module")
def window(lake):
    end = data_end(lake)
    return end - timedelta(days=365), end


def _residents(lake, start) -> pd.DataFrame:
    """Residents on ``start`` alive then, minus opt-outs and type 1 objectors, in pandas."""
    homes = lake.table("care_home").to_pandas()
    on = (homes.start_date <= pd.Timestamp(start)) & (
        homes.end_date.isna() | (homes.end_date > pd.Timestamp(start))
    )
    people = lake.table("person").to_pandas().set_index("nhs_number")
    out = set(lake.table("national_opt_out").to_pandas().nhs_number)
    out |= set(lake.table("type1_objection").to_pandas().person_id)
    found = homes[on].drop_duplicates("person_id").set_index("person_id")
    death = people.date_of_death.reindex(found.index)
    alive = death.isna() | (death > pd.Timestamp(start))
    return found[alive & ~found.index.isin(list(out))]


def test_cohort_is_the_residents_on_the_start_date_less_opt_outs(lake, window):
    start, end = window
    expected = _residents(lake, start)
    homes = sorted(expected.care_home.unique())[::2]
    frame = cohort_frame(lake, homes=homes, start=start, end=end)
    assert len(frame) == len(expected) > 0
    assert frame.treated.sum() == expected.care_home.isin(homes).sum()
    assert frame.nursing.sum() == expected.nursing.sum()
    assert (frame.person_years > 0).all() and (frame.person_years <= 1.0001).all()


def test_follow_up_counts_only_events_after_the_start(lake, window):
    start, end = window
    expected = _residents(lake, start)
    frame = cohort_frame(lake, homes=[], start=start, end=end)
    apc = lake.table("apc").to_pandas()
    after = (apc.admission_date > pd.Timestamp(start)) & (apc.admission_date <= pd.Timestamp(end))
    emergency = apc[after & (apc.admission_method == "emergency")]
    assert frame.emergency_admissions.sum() == emergency.person_id.isin(expected.index).sum()
    ae = lake.table("ae").to_pandas()
    ae_after = ae[(ae.arrival_date > pd.Timestamp(start)) & (ae.arrival_date <= pd.Timestamp(end))]
    assert frame.ae_attendances.sum() == ae_after.person_id.isin(expected.index).sum()
    assert (frame.deaths_outside_hospital <= frame.died.astype(int)).all()


def test_the_frame_and_the_briefing_carry_no_nhs_number(phm_var, lake, window):
    start, _end = window
    homes = sorted(_residents(lake, start).care_home.unique())[::2]
    numbers = set(lake.table("person").to_pandas().nhs_number)
    frame = cohort_frame(lake, homes=homes, start=start, end=window[1])
    assert not numbers & {str(v) for v in frame.to_numpy().ravel()}
    result = evaluate(phm_var, homes=homes, start=start)
    text = json.dumps(result)
    assert not [n for n in numbers if n in text]
    for value in result["cohort"].values():
        assert value == "*" or value % 5 == 0  # suppressed: * or a multiple of 5
    for outcome in result["results"].values():
        for group in ("treated", "control"):
            assert outcome[f"events_{group}"] == "*" or outcome[f"events_{group}"] % 5 == 0
    assert {"key_points", "method", "balance", "results", "limitations"} <= set(result)


def test_cli_care_homes_prints_one_json_briefing(phm_var, lake, window):
    start, _end = window
    homes = ",".join(sorted(_residents(lake, start).care_home.unique())[:3])
    args = ["evaluate", "care-homes", "--homes", homes, "--start", start.isoformat()]
    result = CliRunner().invoke(app, [*args, "--var", str(phm_var), "--json"])
    assert result.exit_code == 0, result.output
    briefing = json.loads(result.stdout)
    assert briefing["homes"]["listed"] == 3 and briefing["period"]["start"] == start.isoformat()


def test_cli_planted_without_a_truth_file_says_so(tmp_path):
    result = CliRunner().invoke(app, ["evaluate", "planted", "--var", str(tmp_path)])
    assert result.exit_code == 1
    assert "intervention.json" in result.output
