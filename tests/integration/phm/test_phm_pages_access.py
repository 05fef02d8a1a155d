"""Every population health URL against every role, and the direct-care rules of worklists:
refusals tested as hard as grants."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from factories.system import SystemFactory

EVERY = frozenset(ROLES)
POPULATION = {"system_leader", "pmo", "analyst", "data_manager", "clinician"}
DIRECT_CARE = {"clinician"}
MATRIX: dict[str, set[str]] = {
    "population_health:index": POPULATION,
    "population_health:area": POPULATION,
    "population_health:export": POPULATION,
    "population_health:area-export": POPULATION,
    "population_health:model-card": POPULATION,
    "population_health:worklists": DIRECT_CARE,
    "population_health:worklist": DIRECT_CARE,
    "population_health:worklist-export": DIRECT_CARE,
    "population_health:worklist-mark": DIRECT_CARE,
}
POST_ONLY = {"population_health:worklist-mark"}  # a GET is 405; the matrix posts an empty form
# Each URL with the arguments it is opened with (several for some); {place} is a place's code.
CASES = [
    ("population_health:index", []),
    ("population_health:area", ["place", "{place}"]),
    ("population_health:area", ["neighbourhood", "{neighbourhood}"]),
    ("population_health:export", ["csv"]),
    ("population_health:export", ["xlsx"]),
    ("population_health:area-export", ["place", "{place}", "csv"]),
    ("population_health:model-card", []),
    ("population_health:worklists", []),
    ("population_health:worklist", ["risk"]),
    ("population_health:worklist", ["case-finding"]),
    ("population_health:worklist", ["frailty"]),
    ("population_health:worklist-export", ["risk", "csv"]),
    ("population_health:worklist-export", ["frailty", "xlsx"]),
    ("population_health:worklist-mark", ["risk"]),
]
IDS = [f"{name}:{'/'.join(args)}" for name, args in CASES]


@pytest.fixture
def system(published_system):
    return published_system


@pytest.fixture
def user_as(system, member):
    """``user_as(role)``: the clinician works in the system's first practice, as in life."""
    practice = (
        system.footprints.filter(organisation__kind="gp_practice")
        .order_by("organisation__ods_code")[0]
        .organisation
    )

    def make(role):
        return member(role, organisation=practice if role == "clinician" else None)

    return make


def url(system, name, args) -> str:
    place = system.places.order_by("code").first()
    values = {"{place}": place.code, "{neighbourhood}": place.neighbourhoods.first().code}
    return reverse(name, args=[system.code, *(values.get(a, a) for a in args)])


def test_every_url_is_a_case():
    assert {name for name, _ in CASES} == set(MATRIX)


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize(("name", "args"), CASES, ids=IDS)
def test_url_against_role(system, user_as, signed_in, role, name, args):
    client = signed_in(user_as(role))
    send = client.post if name in POST_ONLY else client.get
    response = send(url(system, name, args))
    if role not in MATRIX[name]:
        assert response.status_code == 403
    elif name == "population_health:worklists":
        assert response.status_code == 302
        assert response.url == reverse("population_health:worklist", args=[system.code, "risk"])
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize("name", ["population_health:index", "population_health:worklist"])
def test_nobody_here_sees_another_systems_population(system, user_as, signed_in, role, name):
    other = SystemFactory(region=system.region)
    args = [other.code] + (["risk"] if name.endswith("worklist") else [])
    assert signed_in(user_as(role)).get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), CASES, ids=IDS)
def test_anonymous_users_are_sent_to_sign_in(system, client, name, args):
    response = client.get(url(system, name, args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_unknown_worklists_areas_and_formats_are_not_found(system, user_as, signed_in):
    clinician = signed_in(user_as("clinician"))
    code = system.code
    assert (
        clinician.get(reverse("population_health:worklist", args=[code, "all"])).status_code == 404
    )
    export = reverse("population_health:worklist-export", args=[code, "risk", "json"])
    assert clinician.get(export).status_code == 404
    analyst = signed_in(user_as("analyst"))
    for args in (["place", "nowhere"], ["region", code]):
        assert analyst.get(reverse("population_health:area", args=[code, *args])).status_code == 404
    assert analyst.get(reverse("population_health:export", args=[code, "pdf"])).status_code == 404
    # A place of another system is not one of this system's areas.
    elsewhere = SystemFactory(region=system.region).places.create(code="x", name="X", population=1)
    assert (
        analyst.get(reverse("population_health:area", args=[code, "place", elsewhere.code]))
    ).status_code == 404


def test_the_worklist_link_joins_the_header_only_for_direct_care(system, user_as, signed_in):
    index = reverse("population_health:index", args=[system.code])
    worklists = reverse("population_health:worklists", args=[system.code])
    assert worklists in signed_in(user_as("clinician")).get(index).content.decode()
    assert worklists not in signed_in(user_as("analyst")).get(index).content.decode()


def test_before_any_refresh_the_pages_say_so(system, user_as, signed_in, settings, tmp_path):
    settings.PHM_VAR = str(tmp_path)
    analyst = signed_in(user_as("analyst"))
    page = analyst.get(reverse("population_health:index", args=[system.code]))
    assert page.status_code == 200 and "No results published yet" in page.content.decode()
    card = analyst.get(reverse("population_health:model-card", args=[system.code]))
    assert "No model has been trained yet" in card.content.decode()
    export = analyst.get(reverse("population_health:export", args=[system.code, "csv"]))
    assert export.status_code == 404
    clinician = signed_in(user_as("clinician"))
    empty = clinician.get(reverse("population_health:worklist", args=[system.code, "risk"]))
    assert empty.status_code == 200 and empty.context["worklist"].count == 0
