"""S19 Undiagnosed hypertension and AF.

As a population health analyst I see recorded against expected prevalence of hypertension and
atrial fibrillation for each place, with an estimate of how many people are undiagnosed; as a
practice clinician I get a list of my patients with raised readings and no diagnosis.
"""

import pandas as pd
from django.urls import reverse

from engineroom.population.phm.refresh import current_results
from engineroom.population.phm.runs import oracle_path


def prevalence(area) -> dict:
    return {p["condition"]: p for p in area["prevalence"]}


def test_s19_recorded_against_expected_by_place(phm_site, client_for, main_system):
    client = client_for("analyst")
    system = client.get(reverse("population_health:index", args=[main_system.code]))
    places = system.context["children"]
    assert len(places) == main_system.places.count()
    for place in places:
        response = client.get(
            reverse("population_health:area", args=[main_system.code, "place", place["code"]])
        )
        assert response.status_code == 200
        page = response.content.decode()
        rows = prevalence(response.context["area"])
        assert "Hypertension" in page and "Atrial fibrillation" in page
        htn = rows["hypertension"]
        assert htn["expected_percent"] > htn["recorded_percent"]  # the gap is the undiagnosed
        assert htn["estimated_undiagnosed"] not in (0, None)
        assert rows["af"]["expected"] not in (0, None)
    htn = prevalence(system.context["area"])["hypertension"]
    assert 10 < htn["recorded_percent"] < 20  # QOF-like recorded hypertension (~14.5%)
    assert 20 < htn["expected_percent"] < 35


def test_s19_case_finding_lists_raised_readings_without_a_diagnosis(
    phm_site, client_for, main_system
):
    url = reverse("population_health:worklist", args=[main_system.code, "case-finding"])
    response = client_for("clinician").get(url + "?condition=hypertension")
    assert response.status_code == 200
    rows = response.context["worklist"].rows
    assert len(rows) > 0
    assert not rows["hypertension"].any()  # nobody listed already has the diagnosis
    evidence = pd.read_parquet(current_results(phm_site) / "casefinding.parquet")
    hypertension = evidence[evidence["condition"] == "hypertension"]
    listed = hypertension[hypertension["nhs_number"].isin(rows["nhs_number"])]
    assert set(listed["nhs_number"]) == set(rows["nhs_number"])
    assert listed["evidence"].str.contains("raised readings").all()
    oracle = pd.read_parquet(oracle_path(phm_site))
    truly = set(oracle.loc[oracle["undiagnosed_hypertension"], "nhs_number"])
    everyone = set(evidence.loc[evidence["condition"] == "hypertension", "nhs_number"])
    base_rate = len(truly) / len(oracle)
    precision = len(everyone & truly) / len(everyone)
    assert precision > 0.5 and precision > 4 * base_rate  # raised readings find the undiagnosed


def test_s19_the_places_add_up_to_the_system(phm_site, client_for, main_system):
    client = client_for("system_leader")
    system = client.get(reverse("population_health:index", args=[main_system.code])).context
    total = prevalence(system["area"])["hypertension"]["estimated_undiagnosed"]
    parts = []
    for place in system["children"]:
        url = reverse("population_health:area", args=[main_system.code, "place", place["code"]])
        parts.append(prevalence(client.get(url).context["area"])["hypertension"])
    parts = [p["estimated_undiagnosed"] for p in parts]
    assert abs(sum(parts) - total) <= 5 * len(parts)  # each part rounded to the nearest 5
