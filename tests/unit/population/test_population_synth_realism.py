"""The synthetic population is like England's where it matters (each figure beside its public
anchor, ``params.SOURCES``), and the planted care-home effect is exactly what the truth says."""

import json

import numpy as np
import pandas as pd
import pytest

from engineroom.population.region import example_spec
from engineroom.population.synth import generate
from engineroom.population.synth.activity import NEVER, Activity
from engineroom.population.synth.care import plant_support


@pytest.fixture(scope="module")
def realism(tmp_path_factory):
    out = tmp_path_factory.mktemp("realism")
    result = generate(example_spec(120_000), out, seed=3)
    return json.loads((out / "realism.json").read_text()), result, out


def _measured(found, name):
    return found[name]["measured"]


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("share_85_plus", 0.022, 0.030),  # Census 2021: 2.6%
        ("share_90_plus", 0.0075, 0.0105),  # 0.9%
        ("efi_65_plus_fit", 0.45, 0.55),  # Clegg: 50 / 35 / 12 / 3
        ("efi_65_plus_mild", 0.30, 0.40),
        ("efi_65_plus_moderate", 0.09, 0.15),
        ("efi_65_plus_severe", 0.015, 0.06),
        ("bed_days_top_5pc_admitted", 0.44, 0.55),  # 49%
        ("af_undiagnosed", 0.0055, 0.009),  # BLMK 7,200 per million
        ("af_recorded", 0.017, 0.025),  # QOF 2.1%
        ("hypertension_recorded", 0.12, 0.17),  # QOF 14.5%
        ("diabetes_undiagnosed_share_of_cases", 0.15, 0.25),  # 1 in 5
        ("ckd_adults_modelled", 0.055, 0.075),  # 6-7%
        ("ckd_adults_recorded", 0.033, 0.047),  # ~4%
        ("palliative_register", 0.003, 0.008),  # ~0.5%
        ("maternity_spells_per_woman_15_44_year", 0.045, 0.063),  # 54 per 1,000
        ("care_home_residents", 0.005, 0.009),  # 0.7%
    ],
)
def test_synth_realism_matches_its_anchor(realism, name, low, high):
    found, _, _ = realism
    assert low <= _measured(found, name) <= high, found[name]


def test_synth_frailty_rises_with_age(realism):
    found, _, _ = realism
    means = [_measured(found, f"mean_efi_{b}") for b in ("65_74", "75_84", "85_plus")]
    assert means == sorted(means) and means[0] < means[-1]


def test_synth_hazards_have_no_ceiling(realism):
    """No pile-up at a cap: the highest hazards are all different people's own values."""
    _, result, _ = realism
    hazard = pd.read_parquet(result.oracle)["hazard_year3"].to_numpy()
    top = np.sort(hazard)[-200:]
    assert len(np.unique(top)) == len(top)
    assert (1 - np.exp(-top)).mean() < 0.95  # the top is not almost certain to be admitted


def test_synth_truth_of_the_planted_intervention(realism):
    _, _, out = realism
    truth = json.loads((out / "oracle" / "intervention.json").read_text())
    assert truth["effects"] == {
        "ae_attendances": 0.71,
        "emergency_admissions": 0.77,
        "length_of_stay": 1.0,
    }
    assert truth["residents"] > 50 and truth["homes"] and len(truth["places"]) == 1
    homes = pd.concat(
        pd.read_csv(f, dtype=str) for f in (out / "feeds").rglob("asc_carehome__*.csv")
    )
    assert set(truth["homes"]) <= set(homes["CQC_LOCATION_ID"])


def _activity(n: int, days: int, rate: float) -> Activity:
    """n people with ``rate`` events a year each, every day of a 3-year window."""
    rng = np.random.default_rng(0)
    counts = rng.poisson(rate * 3, n)
    person = np.repeat(np.arange(n), counts)
    events = pd.DataFrame({"person": person, "day": rng.integers(0, days, len(person))})
    act = Activity(death_day=np.full(n, NEVER))
    act.events = {"emergency": events.copy(), "ae": events.copy()}
    act.oracle = pd.DataFrame({f"hazard_year{y}": np.full(n, rate) for y in (1, 2, 3)})
    act.rates = {"ae": np.full(n, rate)}
    return act


def test_synth_plant_support_thins_by_the_planted_ratios():
    """Residents of the first place's homes keep 77% of admissions after the start; all
    attendances (admissions through A&E plus the rest) fall to 71% in expectation."""
    n = 4000
    first = np.arange(n) < n // 2
    frame = pd.DataFrame(
        {"home": np.where(first, "1-A", "1-B"), "place": np.where(first, "PL1", "PL2")}
    )
    frame["care_home"] = True
    homes = pd.DataFrame({"home": ["1-A", "1-B"], "place": ["PL1", "PL2"], "nursing": False})
    act = _activity(n, 3 * 365, 2.0)
    before = {k: v.copy() for k, v in act.events.items()}
    truth = plant_support(frame, homes, act, np.random.default_rng(1))
    assert truth["homes"] == ["1-A"] and truth["residents"] == n // 2
    via = 0.7  # share of admissions through A&E
    k = truth["other_attendance_ratio"]
    assert via * 0.77 * 1 + k == pytest.approx(0.71 * (via + 1), abs=1e-3)

    def kept(kind, treated):
        after = lambda ev: ev[(ev["day"] >= 548) & ((ev["person"] < n // 2) == treated)]  # noqa: E731
        return len(after(act.events[kind])) / len(after(before[kind]))

    assert kept("emergency", True) == pytest.approx(0.77, abs=0.02)
    assert kept("ae", True) == pytest.approx(k, abs=0.02)
    assert kept("emergency", False) == 1.0 and kept("ae", False) == 1.0
