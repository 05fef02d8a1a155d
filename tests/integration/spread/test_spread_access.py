"""Every spread URL against every role: every partner and the regulator see the library, the
plan and the adoption views; only the programme office (PROGRAMMES_EDIT) changes them, and a
model of care only the programme office of the system that added it to the shared library."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES

EVERY = frozenset(ROLES)
VIEW = EVERY - {"clinician", "public"}
EDIT = {"pmo"}
MATRIX: dict[str, set[str]] = {
    "spread:index": VIEW,
    "spread:model": VIEW,
    "spread:export": VIEW,
    "spread:model-new": EDIT,
    "spread:model-edit": EDIT,  # a model this system added; another system's: THEIRS
    "spread:adoption-new": EDIT,
    "spread:adoption": EDIT,
    "spread:outcomes": EDIT,
}
# A model another system of the region added: seen and adopted here, changed by no one here.
THEIRS: dict[str, set[str]] = {
    "spread:model": VIEW,
    "spread:model-edit": set(),
    "spread:adoption-new": EDIT,
}
CASES = [
    ("spread:index", []),
    ("spread:model", ["ehch"]),
    ("spread:export", ["ehch", "xlsx"]),
    ("spread:export", ["ehch", "pdf"]),
    ("spread:model-new", []),
    ("spread:model-edit", ["ehch"]),
    ("spread:adoption-new", ["ehch"]),
    ("spread:adoption", ["ehch", "{adoption}"]),
]
IDS = [f"{name}:{'/'.join(args)}" for name, args in CASES]


def url(system, name, args, world) -> str:
    ids = {"{adoption}": world["adopted"].pk}
    return reverse(name, args=[system.code, *(ids.get(a, a) for a in args)])


def test_every_url_is_a_case():
    assert {name for name, _ in CASES} | {"spread:outcomes"} == set(MATRIX)


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize(("name", "args"), CASES, ids=IDS)
def test_url_against_role(system, world, member, signed_in, role, name, args):
    response = signed_in(member(role)).get(url(system, name, args, world))
    assert response.status_code == (200 if role in MATRIX[name] else 403)


@pytest.mark.parametrize("role", sorted(EVERY))
def test_recomputing_outcomes_against_role(
    system, world, member, signed_in, role, settings, tmp_path
):
    settings.PHM_VAR = str(tmp_path)  # no linked data: the page says so
    page = reverse("spread:outcomes", args=[system.code, "ehch"])
    response = signed_in(member(role)).post(page)
    assert response.status_code == (200 if role in MATRIX["spread:outcomes"] else 403)
    if response.status_code == 200:
        assert "The outcomes were not computed" in response.content.decode()


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize("name", sorted(THEIRS))
def test_another_systems_model_against_role(system, world, member, signed_in, role, name):
    from factories.spread import ModelOfCareFactory

    ModelOfCareFactory(slug="theirs", origin=world["other"])
    client = signed_in(member(role))
    page = reverse(name, args=[system.code, "theirs"])
    allowed = role in THEIRS[name]
    assert client.get(page).status_code == (200 if allowed else 403)
    if name == "spread:model-edit":  # posting is refused as well, whatever the form says
        assert client.post(page, {"name": "Renamed"}).status_code == 403


@pytest.mark.parametrize(("name", "args"), CASES, ids=IDS)
def test_anonymous_users_are_sent_to_sign_in(system, world, client, name, args):
    response = client.get(url(system, name, args, world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_another_systems_adoption_is_not_found_and_its_pages_refused(
    system, world, member, signed_in
):
    client = signed_in(member("pmo"))
    theirs = world["other"]
    assert client.get(reverse("spread:index", args=[theirs.code])).status_code == 403
    adoption = world["model"].adoptions.get(system=theirs)
    page = reverse("spread:adoption", args=[system.code, "ehch", adoption.pk])
    assert client.get(page).status_code == 404


def test_unknown_models_and_formats_are_not_found(system, world, member, signed_in):
    client = signed_in(member("pmo"))
    assert client.get(reverse("spread:model", args=[system.code, "nope"])).status_code == 404
    page = reverse("spread:export", args=[system.code, "ehch", "csv"])
    assert client.get(page).status_code == 404
