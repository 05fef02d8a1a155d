"""The adoption form against what a programme office should not be able to record (another
system's place, a neighbourhood outside the place, another model's component, a date that does
not exist), another system's adoption and unknown export formats, and the index's plan."""

import pytest
from django.urls import reverse

from engineroom.spread.models import Adoption


@pytest.fixture
def pmo(member, signed_in):
    return signed_in(member("pmo"))


@pytest.fixture
def post(system, world, pmo):
    page = reverse("spread:adoption-new", args=[system.code, "ehch"])
    town = world["hoods"][2]  # Southmoor Town: no adoption of its own yet
    base = {"place": town.place.pk, "neighbourhood": town.pk, "status": "planned", "owner": "A"}

    def send(**changes):
        return pmo.post(page, base | {"due_on": "01/04/2026"} | changes)

    return send


def _errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return dict(response.context["form"].errors)


def test_another_systems_place_is_not_a_choice(world, post):
    from factories.system import PlaceFactory

    theirs = PlaceFactory(system=world["other"], code="xx", name="Other place")
    assert "place" in _errors(post(place=theirs.pk, neighbourhood=""))


def test_a_neighbourhood_outside_the_place_is_refused(world, post):
    errors = _errors(post(neighbourhood=world["hoods"][0].pk))
    assert errors["neighbourhood"] == ["Northfield East is not in Southmoor."]


def test_another_models_component_and_impossible_dates_are_refused(world, post):
    from factories.spread import ComponentFactory

    stranger = ComponentFactory()
    assert "components" in _errors(post(components=[stranger.pk]))
    assert "components" in _errors(post(components=[999999]))
    assert "due_on" in _errors(post(due_on="31/02/2026"))
    assert not Adoption.objects.filter(neighbourhood=world["hoods"][2]).exists()


def test_a_start_before_the_planned_date_is_recorded(world, post):
    response = post(status="started", adopted_on="01/01/2019")
    assert response.status_code == 302
    saved = Adoption.objects.get(neighbourhood=world["hoods"][2])
    assert str(saved.adopted_on) == "2019-01-01"  # it started early: the plan was late


def test_another_systems_adoption_and_unknown_formats_are_not_found(system, world, pmo):
    theirs = Adoption.objects.get(system=world["other"])
    page = reverse("spread:adoption", args=[system.code, "ehch", theirs.pk])
    assert pmo.get(page).status_code == 404
    assert pmo.post(page, {"owner": "Me"}).status_code == 404
    for fmt, expected in (("xlsx", 200), ("pdf", 200), ("csv", 404)):
        page = reverse("spread:export", args=[system.code, "ehch", fmt])
        assert pmo.get(page).status_code == expected


def test_the_index_flags_the_overdue_plan_and_counts_the_library(system, world, pmo):
    page = pmo.get(reverse("spread:index", args=[system.code]))
    assert page.context["overdue"] == 1
    assert [(r["place"], r["overdue"]) for r in page.context["plan"]] == [
        ("Southmoor", True),
        ("Northfield", False),
    ]
    library = [(r["model"].name, r["places"], r["systems"]) for r in page.context["library"]]
    assert library == [("Enhanced health in care homes", "1 of 2", "2")]
