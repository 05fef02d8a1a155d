"""S3 Integrated care partnerships.

As a system leader I see the place-level ICPs my system has set up and whether each place's
population falls inside 150,000-500,000.
"""

from django.test import override_settings
from django.urls import reverse


def test_s03_each_place_has_an_icp_within_the_size_range(client_for, main_system):
    response = client_for("system_leader").get(
        reverse("system:partnerships", args=[main_system.code])
    )
    rows = response.context["icps"]
    assert len(rows) == main_system.places.count() == 5
    assert all(row.in_range for row in rows)
    assert "Within range" in response.content.decode()


def test_s03_a_small_place_is_flagged(client_for):
    response = client_for("regulator").get(reverse("system:partnerships", args=["northern-moors"]))
    flags = {row.partnership.place.population: row.in_range for row in response.context["icps"]}
    assert flags == {418_000: True, 131_000: False}
    assert "Outside range" in response.content.decode()


@override_settings(PLACE_POPULATION_RANGE=(250_000, 500_000))
def test_s03_the_range_is_configurable(client_for, main_system):
    response = client_for("system_leader").get(
        reverse("system:partnerships", args=[main_system.code])
    )
    assert sum(1 for row in response.context["icps"] if row.in_range) == 2
