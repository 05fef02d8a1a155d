"""The shared library of models of care: only the system that added a model changes it, and a
change never takes away a component an adoption records delivering (it is retired: kept in the
record, left out of fidelity). Also "who else does this" with a peer's start date missing."""

import datetime as dt
import inspect

import pytest
from django.urls import reverse

from engineroom.spread import forms as spread_forms
from engineroom.spread import presenters, queries
from engineroom.spread.models import Adoption, Component

MODEL = {
    "name": "Enhanced health in care homes",
    "slug": "ehch",
    "summary": "s",
    "description": "d",
    "population": "everyone",
    "adaptations": "",
    "evidence": "",
}


@pytest.fixture
def pmo(member, signed_in):
    return signed_in(member("pmo"))


def _fidelity(client, system, place="Northfield"):
    page = client.get(reverse("spread:model", args=[system.code, "ehch"]))
    return {r["place"]: r["fidelity"] for r in page.context["rows"]}[place]


def test_another_systems_programme_office_cannot_rewrite_the_model(
    system, world, pmo, signed_in
):  # one test client: signed in as this system's office first, then as Coastal's
    from factories.accounts import UserFactory

    mine = pmo.get(reverse("spread:model", args=[system.code, "ehch"])).content
    assert b"/edit/" in mine
    theirs = signed_in(UserFactory.with_role("pmo", system=world["other"]))
    edit = reverse("spread:model-edit", args=[world["other"].code, "ehch"])
    rewrite = MODEL | {"name": "Renamed by Coastal", "components": "Only one"}
    assert theirs.get(edit).status_code == 403
    assert theirs.post(edit, rewrite).status_code == 403
    world["model"].refresh_from_db()
    assert world["model"].name == "Enhanced health in care homes"
    assert world["model"].components.count() == 5
    page = theirs.get(reverse("spread:model", args=[world["other"].code, "ehch"])).content
    assert b"/edit/" not in page and b"its programme office changes it" in page


def test_dropping_components_an_adoption_delivers_retires_them(system, world, pmo):
    unused = Component.objects.create(model=world["model"], position=9, name="Unused")
    edit = reverse("spread:model-edit", args=[system.code, "ehch"])
    changed = MODEL | {"components": "Part 0\nPart 1\nNew part"}
    assert pmo.post(edit, changed).status_code == 302
    parts = {c.name: c.retired for c in Component.objects.filter(model=world["model"])}
    assert parts == {
        "Part 0": False,
        "Part 1": False,
        "New part": False,
        "Part 2": True,  # delivered here and by Coastal
        "Part 3": True,
        "Part 4": True,  # delivered by Coastal only
    }
    assert not Component.objects.filter(pk=unused.pk).exists()  # nobody delivered it
    assert world["adopted"].components.count() == 4  # the record is untouched
    assert _fidelity(pmo, system) == "2 of 3 components (and 2 retired)"
    assert pmo.get(edit).context["form"].initial["components"] == "Part 0\nPart 1\nNew part"
    again = MODEL | {"components": "Part 0\nPart 1\nNew part\nPart 2"}
    assert pmo.post(edit, again).status_code == 302
    assert not Component.objects.get(pk=world["parts"][2].pk).retired  # the same row is back
    assert _fidelity(pmo, system) == "3 of 4 components (and 1 retired)"


def test_saving_an_adoption_keeps_the_retired_components_it_records(system, world, pmo):
    world["parts"][3].retired = True
    world["parts"][3].save()
    adoption = world["adopted"]
    page = reverse("spread:adoption", args=[system.code, "ehch", adoption.pk])
    offered = pmo.get(page).context["form"].fields["components"].queryset
    assert world["parts"][3] not in offered and len(offered) == 4
    data = {
        "place": adoption.place.pk,
        "status": "adopted",
        "owner": "Sam Patel",
        "due_on": "01/09/2023",
        "adopted_on": "02/10/2023",
        "components": [world["parts"][0].pk],
    }
    assert pmo.post(page, data).status_code == 302
    assert set(adoption.components.all()) == {world["parts"][0], world["parts"][3]}
    refused = data | {"components": [world["parts"][3].pk]}
    assert "components" in pmo.post(page, refused).context["form"].errors


def test_a_peer_under_way_without_a_start_date_says_so(system, world, pmo):
    from factories.spread import AdoptionFactory
    from factories.system import SystemFactory

    AdoptionFactory(
        model=world["model"], system=world["other"], status="started", adopted_on=None, owner="Y"
    )
    Adoption.objects.filter(system=world["other"]).update(adopted_on=None)
    AdoptionFactory(model=world["model"], system=SystemFactory(), status="adopted", owner="Far")
    rows = presenters.peer_rows(queries.peers(system, world["model"]))
    assert [(r["system"], r["since"]) for r in rows] == [("Coastal ICS", "date not recorded")]
    page = pmo.get(reverse("spread:model", args=[system.code, "ehch"]))
    assert page.status_code == 200 and "date not recorded" in page.content.decode()


def test_a_peer_with_some_start_dates_shows_the_earliest(system, world):
    from factories.spread import AdoptionFactory

    AdoptionFactory(
        model=world["model"], system=world["other"], status="started", adopted_on=None, owner="Y"
    )
    AdoptionFactory(
        model=world["model"],
        system=world["other"],
        status="adopted",
        adopted_on=dt.date(2023, 2, 1),
        owner="Z",
    )
    rows = presenters.peer_rows(queries.peers(system, world["model"]))
    assert rows[0]["since"] == "1 February 2023"


def test_the_forms_read_through_the_query_module():
    assert ".objects" not in inspect.getsource(spread_forms)
