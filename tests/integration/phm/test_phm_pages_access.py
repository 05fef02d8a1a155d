"""Every population health URL against every role, and the direct-care rules of worklists:
refusals tested as hard as grants."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES

EVERY = frozenset(ROLES)
MAIN = "vale-downs"
OTHER = "coast-forest"
POPULATION = {"system_leader", "pmo", "analyst", "data_manager", "clinician"}
DIRECT_CARE = {"clinician"}

MATRIX = [
    ("population_health:index", [MAIN], POPULATION),
    ("population_health:model-card", [MAIN], POPULATION),
    ("population_health:export", [MAIN, "csv"], POPULATION),
    ("population_health:export", [MAIN, "xlsx"], POPULATION),
    ("population_health:worklist", [MAIN, "risk"], DIRECT_CARE),
    ("population_health:worklist", [MAIN, "case-finding"], DIRECT_CARE),
    ("population_health:worklist", [MAIN, "frailty"], DIRECT_CARE),
    ("population_health:worklist-export", [MAIN, "risk", "csv"], DIRECT_CARE),
    ("population_health:worklist-export", [MAIN, "frailty", "xlsx"], DIRECT_CARE),
    # Another system: nobody here holds population.view or worklist.view there.
    ("population_health:index", [OTHER], set()),
    ("population_health:worklist", [OTHER, "risk"], set()),
]


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize(
    ("name", "args", "allowed"), MATRIX, ids=[f"{n}:{'/'.join(a)}" for n, a, _ in MATRIX]
)
def test_url_against_role(phm_site, client_for, role, name, args, allowed):
    response = client_for(role).get(reverse(name, args=args))
    if role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        reverse("population_health:index", args=[MAIN]),
        reverse("population_health:worklist", args=[MAIN, "risk"]),
        reverse("population_health:worklist-export", args=[MAIN, "risk", "csv"]),
    ],
)
def test_anonymous_users_are_sent_to_sign_in(phm_site, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_unknown_worklists_areas_and_formats_are_not_found(phm_site, client_for):
    clinician = client_for("clinician")
    assert (
        clinician.get(reverse("population_health:worklist", args=[MAIN, "all"])).status_code == 404
    )
    assert clinician.get(
        reverse("population_health:worklist-export", args=[MAIN, "risk", "json"])).status_code == 404  # fmt: skip
    analyst = client_for("analyst")
    assert analyst.get(reverse("population_health:area", args=[MAIN, "place", "nowhere"])).status_code == 404  # fmt: skip
    other_place = "cf-" if False else None  # places of another system are not this system's areas
    del other_place
    assert analyst.get(reverse("population_health:area", args=[MAIN, "region", MAIN])).status_code == 404  # fmt: skip


def test_the_worklist_link_joins_the_header_only_for_direct_care(phm_site, client_for):
    page = (
        client_for("clinician")
        .get(reverse("population_health:index", args=[MAIN]))
        .content.decode()
    )
    assert reverse("population_health:worklists", args=[MAIN]) in page
    page = (
        client_for("analyst").get(reverse("population_health:index", args=[MAIN])).content.decode()
    )
    assert reverse("population_health:worklists", args=[MAIN]) not in page


def test_before_any_refresh_the_pages_say_so(client_for, settings, tmp_path):
    settings.PHM_VAR = str(tmp_path)
    page = client_for("analyst").get(reverse("population_health:index", args=[MAIN]))
    assert page.status_code == 200 and "No results published yet" in page.content.decode()
    card = client_for("analyst").get(reverse("population_health:model-card", args=[MAIN]))
    assert "No model has been trained yet" in card.content.decode()
    empty = client_for("clinician").get(reverse("population_health:worklist", args=[MAIN, "risk"]))
    assert empty.status_code == 200 and empty.context["worklist"].count == 0
    export = client_for("analyst").get(reverse("population_health:export", args=[MAIN, "csv"]))
    assert export.status_code == 404
