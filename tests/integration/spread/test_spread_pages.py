"""The spread pages and actions with factory-made rows: the library counts, the plan's overdue
flag, fidelity, the tile map, peers, a model added and changed through its form (components
kept by name), adoptions refused outside the system, and outcome runs drawn as control charts."""

import datetime as dt

import pytest
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.spread.models import Adoption, Component, ModelOfCare
from engineroom.web.charts import Tile, TileRow, tile_map
from factories.spread import OutcomeRunFactory, outcome_result


@pytest.fixture
def pmo(member, signed_in):
    return signed_in(member("pmo"))


def test_the_library_and_plan_count_places_systems_and_overdue(system, world, pmo):
    page = pmo.get(reverse("spread:index", args=[system.code]))
    row = page.context["library"][0]
    assert (row["places"], row["systems"]) == ("1 of 2", "2")
    overdue = [r for r in page.context["plan"] if r["overdue"]]
    assert [r["place"] for r in overdue] == ["Southmoor"]


def test_the_model_page_shows_fidelity_map_and_peers(system, world, pmo):
    page = pmo.get(reverse("spread:model", args=[system.code, "ehch"]))
    rows = {r["place"]: r for r in page.context["rows"]}
    assert rows["Northfield"]["fidelity"] == "4 of 5 components"
    assert rows["Southmoor"]["adopted_on"] == "Not yet"
    table = page.context["adoption_map"].table.rows
    assert ["Northfield", "Northfield East", "Adopted"] in table
    assert ["Southmoor", "Southmoor Town", "Planned"] in table
    peer = page.context["peers"][0]
    assert peer["system"] == "Coastal ICS" and "5 of 5 components" in peer["places"][0]
    assert "Not computed yet" in page.content.decode()


def test_a_neighbourhood_adoption_colours_only_its_tile(system, world, pmo):
    north, _ = world["places"]
    data = {
        "place": north.pk,
        "neighbourhood": world["hoods"][0].pk,
        "status": "planned",
        "owner": "Kim Doe",
        "due_on": "2027-01-04",
    }
    other = ModelOfCare.objects.create(slug="hub", name="Hub", summary="s", description="d")
    page = reverse("spread:adoption-new", args=[system.code, "hub"])
    assert pmo.post(page, data).status_code == 302
    shown = pmo.get(reverse("spread:model", args=[system.code, "hub"])).context
    statuses = {r[1]: r[2] for r in shown["adoption_map"].table.rows}
    assert statuses == {
        "Northfield East": "Planned",
        "Northfield West": "Not planned",
        "Southmoor Town": "Not planned",
    }
    assert Adoption.objects.get(model=other).neighbourhood == world["hoods"][0]


def test_adoptions_are_refused_when_they_do_not_fit(system, world, pmo):
    page = reverse("spread:adoption-new", args=[system.code, "ehch"])
    north, south = world["places"]
    base = {"place": north.pk, "status": "started", "owner": "Kim", "due_on": "2026-01-05"}
    errors = pmo.post(page, base).context["form"].errors
    assert "Enter the date it started." in errors["adopted_on"]
    wrong = base | {"status": "planned", "neighbourhood": world["hoods"][2].pk}
    assert "is not in Northfield" in str(pmo.post(page, wrong).context["form"].errors)
    again = base | {"place": south.pk, "status": "planned"}
    assert "already has this model" in str(pmo.post(page, again).context["form"].errors)


def test_a_model_is_added_and_changed_keeping_components_by_name(system, world, pmo):
    data = {
        "name": "Frailty hubs",
        "slug": "frailty-hubs",
        "summary": "Same-day frailty assessment.",
        "description": "A hub.",
        "population": "everyone",
        "components": "Assessment\nAmbulance referral",
        "adaptations": "Run from a community hospital",
        "evidence": "Frailty | https://www.england.nhs.uk/ourwork/clinical-policy/older-people/frailty/ | Early",
    }
    assert pmo.post(reverse("spread:model-new", args=[system.code]), data).status_code == 302
    model = ModelOfCare.objects.get(slug="frailty-hubs")
    kept = model.components.get(name="Assessment")
    edit = reverse("spread:model-edit", args=[system.code, "frailty-hubs"])
    assert pmo.get(edit).context["form"].initial["components"] == "Assessment\nAmbulance referral"
    changed = data | {"components": "Shared care plan\nAssessment"}
    assert pmo.post(edit, changed).status_code == 302
    assert list(model.components.values_list("name", flat=True)) == [
        "Shared care plan",
        "Assessment",
    ]
    assert model.components.get(name="Assessment").pk == kept.pk
    assert model.evidence.get().url.startswith("https://www.england.nhs.uk/")
    assert AuditEvent.objects.filter(action="spread.model_changed").exists()
    clash = data | {"slug": "ehch"}
    assert "short name" in str(pmo.post(edit, clash).context["form"].errors)


def test_outcomes_are_drawn_as_control_charts_recalculated_at_adoption(system, world, pmo):
    OutcomeRunFactory(model=world["model"], system=system, result=outcome_result("north"))
    page = pmo.get(reverse("spread:model", args=[system.code, "ehch"]))
    shown = page.context["outcomes"][0]
    result = shown["figure"].result
    first_after = [p.segment for p in result.points].index(1)
    assert first_after == 18  # October 2023, eighteen months after April 2022
    assert result.points[-1].mean < result.points[0].mean  # the new level is lower
    assert page.context["evaluation"]["rate_ratio"] == "0.77"
    assert 'id="outcome-north-table"' in page.content.decode()


def test_the_tile_map_says_each_status_in_words():
    chart = tile_map(
        "Adoption",
        [TileRow("A", [Tile("A1", "Adopted", "#fff"), Tile("A2", "Planned", "#eee")])],
        legend=[("Adopted", "#fff")],
    )
    words = [s.text for s in chart.shapes if s.kind == "text"]
    assert {"A", "A1", "A2", "Adopted", "Planned"} <= set(words)
    assert chart.description == "A: 1 adopted, 1 planned."
    assert chart.width > 0 and chart.table.rows == [["A", "A1", "Adopted"], ["A", "A2", "Planned"]]


def test_the_overdue_rule():
    from engineroom.spread.rules import fidelity, is_overdue

    today = dt.date(2026, 1, 1)
    assert is_overdue("planned", dt.date(2025, 12, 31), today)
    assert not is_overdue("started", dt.date(2025, 12, 31), today)
    assert not is_overdue("planned", today, today)
    part, old = Component(name="a"), Component(name="b", retired=True)
    assert fidelity([part], 1) == "1 of 1 component"
    assert fidelity([], 0) == "No core components listed"
    assert fidelity([part, old], 3) == "1 of 3 components (and 1 retired)"
