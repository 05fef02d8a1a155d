"""Disease registers and age-standardised rates in the published dashboard of a real refresh."""

import json

import pytest
from scipy import stats

from engineroom.population.phm import refresh, registers
from engineroom.population.phm.codes import CONDITIONS
from engineroom.population.phm.suppression import SUPPRESSED


@pytest.fixture(scope="module")
def dashboard(phm_var):
    return json.loads((refresh.current_results(phm_var) / "dashboard.json").read_text())


@pytest.fixture(scope="module")
def system(dashboard):
    (found,) = [a for a in dashboard.values() if a["level"] == "system"]
    return found


def _count(value):
    return value == SUPPRESSED or (isinstance(value, int) and value % 5 == 0)


def test_every_condition_has_a_register_on_the_system_only(dashboard, system):
    assert [r["condition"] for r in system["registers"]] == list(CONDITIONS)
    assert all("registers" not in a for a in dashboard.values() if a["level"] != "system")


def test_register_counts_are_suppressed_and_agree_with_the_dashboard(system):
    recorded = {p["condition"]: p["recorded"] for p in system["prevalence"]}
    for reg in system["registers"]:
        assert _count(reg["register"]) and _count(reg["list_size"])
        assert reg["list_size"] == system["population"]
        if reg["condition"] in recorded:  # the same people counted two ways
            assert reg["register"] == recorded[reg["condition"]]
        for p in reg["practices"]:
            assert _count(p["list_size"]) and _count(p["register"])
            assert ("expected" in p) == reg["has_expected"]
            assert "expected" not in p or _count(p["expected"])


def test_funnel_limits_are_scipys_exact_binomial_around_the_system_prevalence(system):
    checked = 0
    for reg in system["registers"]:
        if reg["overall_percent"] in (SUPPRESSED, None):
            continue
        p0 = reg["register"] / reg["list_size"]
        for p in (p for p in reg["practices"] if isinstance(p["list_size"], int)):
            n = p["list_size"]
            lo, hi = stats.binom.ppf([0.001, 0.999], n, p0)
            assert p["lower_998"] == round(100 * lo / n, 2)
            assert p["upper_998"] == round(100 * hi / n, 2)
            assert p["lower_998"] <= p["lower_95"] <= p["upper_95"] <= p["upper_998"]
            checked += 1
    assert checked > 20


def test_each_practice_is_placed_by_its_published_prevalence(system):
    positions = []
    for reg in system["registers"]:
        for p in reg["practices"]:
            if p["prevalence"] == SUPPRESSED:
                assert p["position"] is None
                continue
            assert p["position"] == registers.position(p["prevalence"], p)
            positions.append(p["position"])
    assert "within limits" in positions
    assert set(positions) <= {
        "within limits",
        *(f"{side} {level}% limit" for side in ("above", "below") for level in ("95", "99.8")),
    }


def test_the_funnel_curve_narrows_as_list_size_grows(system):
    reg = next(r for r in system["registers"] if r["condition"] == "hypertension")
    curve = reg["funnel"]
    assert len(curve) > 5
    widths = [f["upper_998"] - f["lower_998"] for f in curve]
    assert widths[0] > widths[-1]
    assert min(f["lower_998"] for f in curve) <= reg["overall_percent"]


def test_a_dsr_with_its_interval_beside_every_crude_prevalence(dashboard):
    for area in dashboard.values():
        for row in area["prevalence"]:
            assert {"dsr", "dsr_lower", "dsr_upper"} <= row.keys()
            if row["recorded_percent"] == SUPPRESSED:
                assert row["dsr"] == SUPPRESSED
            elif row["recorded"]:
                assert row["dsr_lower"] <= row["dsr"] <= row["dsr_upper"]
        for measure in area["inequalities"]:
            for q in measure["quintiles"]:
                assert {"dsr", "dsr_lower", "dsr_upper"} <= q.keys()
                if q["rate"] == SUPPRESSED:
                    assert q["dsr"] == SUPPRESSED
