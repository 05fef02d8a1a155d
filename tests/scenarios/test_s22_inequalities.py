"""S22 Inequalities.

As a population health analyst I can split every population measure by deprivation quintile and
see the gap between the most and least deprived, at system, place and neighbourhood level, with
small numbers suppressed.
"""

from django.urls import reverse

from engineroom.population.phm.suppression import SUPPRESSED

MEASURES = {
    "emergency_admission",
    "high_risk",
    "recorded_hypertension",
    "recorded_af",
    "recorded_diabetes",
    "recorded_ckd",
    "frailty_65",
    "multimorbidity",
}


def test_s22_every_measure_split_by_quintile_with_the_gap(phm_site, client_for, main_system):
    response = client_for("analyst").get(
        reverse("population_health:index", args=[main_system.code])
    )
    page = response.content.decode()
    measures = response.context["area"]["inequalities"]
    assert {m["measure"] for m in measures} == MEASURES
    for m in measures:
        assert [q["quintile"] for q in m["quintiles"]] == [1, 2, 3, 4, 5]
        assert f'id="inequality-{m["measure"]}"' in page
        assert m["absolute_gap"] != SUPPRESSED and m["sii"] != SUPPRESSED
        assert (m["most_deprived"], m["least_deprived"]) == (1, 4)  # nobody here is in quintile 5
    assert "most deprived" in page and "slope index of inequality" in page
    assert response.context["area"]["core20"]["people"] not in (0, SUPPRESSED)


def test_s22_the_deprivation_gradient_shows(phm_site, client_for, main_system):
    area = (
        client_for("analyst")
        .get(reverse("population_health:index", args=[main_system.code]))
        .context["area"]
    )
    by = {m["measure"]: m for m in area["inequalities"]}
    emergency = by["emergency_admission"]
    assert emergency["quintiles"][0]["rate"] > emergency["quintiles"][3]["rate"]
    assert emergency["absolute_gap"] > 0 and emergency["relative_gap"] > 1 and emergency["sii"] > 0
    assert by["multimorbidity"]["sii"] > 0


def test_s22_small_areas_suppress_rather_than_reveal(phm_site, client_for, main_system):
    client = client_for("pmo")
    place = client.get(reverse("population_health:index", args=[main_system.code])).context[
        "children"
    ][0]
    hoods = client.get(
        reverse("population_health:area", args=[main_system.code, "place", place["code"]])
    ).context["children"]
    cells, segments = [], []
    for hood in hoods:
        url = reverse(
            "population_health:area", args=[main_system.code, "neighbourhood", hood["code"]]
        )
        response = client.get(url)
        assert response.status_code == 200
        cells += [q for m in response.context["area"]["inequalities"] for q in m["quintiles"]]
        segments += [s["people"] for s in response.context["area"]["segments"]]
    assert SUPPRESSED in segments + [q["count"] for q in cells]
    for q in cells:
        assert q["count"] == SUPPRESSED or q["count"] % 5 == 0
        if SUPPRESSED in (q["count"], q["population"]):
            assert q["rate"] == SUPPRESSED
