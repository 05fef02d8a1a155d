"""S25 Spread across the county: a model of care that works in one place (enhanced support for
care homes) has a plan to spread to every place, with owners and dates; adoption is tracked by
place and neighbourhood with fidelity to its core components and the local adaptations;
outcomes are shown before and after adoption and against places that have not adopted; other
systems doing the same are found for peer learning ("how are you going to make that happen in
the rest of the county?" - Healthwatch Dorset).

Told through the pages: the programme office opens the library and the system's plan (one
place overdue), reads the care homes model (evidence, components, adaptations, the map and the
table, who else runs it), records that a planned place has started, recomputes the outcomes
from the linked data and downloads the adoption view; the regulator reads the same view."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from engineroom.audit.models import AuditEvent
from engineroom.spread.models import Adoption, OutcomeRun

MAIN, EHCH, SOCIAL = "vale-downs", "enhanced-health-in-care-homes", "social-prescribing"


@pytest.fixture
def spread(main_system):
    """The demo's spread (idempotent: the demo build may have made it already)."""
    from engineroom.demo import spread

    spread.generate(seed=20181)
    return main_system


@pytest.fixture
def pmo(client_for, spread):
    return client_for("pmo")


def test_s25_the_library_and_the_plan_across_every_place(pmo, main_system):
    page = pmo.get(reverse("spread:index", args=[MAIN]))
    assert page.status_code == 200
    rows = {r["model"].slug: r for r in page.context["library"]}
    assert rows[EHCH]["places"] == "2 of 5"  # adopted in the first, started in the second
    assert rows[EHCH]["systems"] == "3"  # this system and the region's two others
    plan = [r for r in page.context["plan"] if r["adoption"].model.slug == EHCH]
    assert {r["place"] for r in plan} == set(main_system.places.values_list("name", flat=True))
    assert all(r["owner"] and r["due_on"] for r in plan)
    overdue = [r for r in plan if r["overdue"]]
    assert len(overdue) == 1 and overdue[0]["status"] == "Planned"
    assert "Overdue" in page.content.decode()


def test_s25_the_model_page_shows_fidelity_the_map_and_who_else(pmo, main_system):
    page = pmo.get(reverse("spread:model", args=[MAIN, EHCH]))
    html = page.content.decode()
    assert "health.org.uk" in html and "Rushcliffe" in html  # published evidence, linked
    assert len(page.context["components"]) == 5
    assert "Fortnightly rounds in homes with fewer than 10 beds" in html  # allowed adaptation
    first, second = main_system.places.order_by("pk")[:2]
    rows = {r["place"]: r for r in page.context["rows"]}
    assert rows[first.name]["status"] == "Adopted"
    assert rows[first.name]["fidelity"] == "5 of 5 components"
    assert rows[second.name]["fidelity"] == "3 of 5 components"
    assert "Fortnightly rounds" in rows[second.name]["adaptations"]
    chart = page.context["adoption_map"]
    hoods = sum(p.neighbourhoods.count() for p in main_system.places.all())
    assert len(chart.table.rows) == hoods  # every neighbourhood of every place is a tile
    statuses = {(r[0], r[2]) for r in chart.table.rows}
    assert (first.name, "Adopted") in statuses and (second.name, "Started") in statuses
    peers = {p["system"] for p in page.context["peers"]}
    assert peers == {"Coast and Forest ICS (fictional)", "Northern Moors ICS (fictional)"}
    assert 'id="adoption-map-table"' in html


def test_s25_a_planned_place_starts_and_the_change_is_audited(pmo, main_system):
    third = main_system.places.order_by("pk")[2]
    adoption = Adoption.objects.get(model__slug=EHCH, place=third)
    parts = list(adoption.model.components.values_list("pk", flat=True))
    page = reverse("spread:adoption", args=[MAIN, EHCH, adoption.pk])
    form = pmo.get(page).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "components"}
    data |= {
        "place": third.pk,
        "owner_organisation": adoption.owner_organisation_id or "",
        "status": "started",
        "due_on": adoption.due_on.isoformat(),
        "adopted_on": dt.date.today().isoformat(),
        "components": parts[:2],
    }
    response = pmo.post(page, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    adoption.refresh_from_db()
    assert adoption.status == "started" and adoption.components.count() == 2
    assert AuditEvent.objects.filter(
        action="spread.adoption_changed", subject=f"spread.adoption:{adoption.pk}"
    ).exists()
    index = pmo.get(reverse("spread:index", args=[MAIN]))
    assert not any(r["overdue"] for r in index.context["plan"] if r["adoption"].pk == adoption.pk)


def test_s25_outcomes_before_and_after_and_against_places_not_adopting(pmo, phm_site):
    response = pmo.post(reverse("spread:outcomes", args=[MAIN, SOCIAL]))
    assert response.status_code == 302, response.content.decode()[:3000]
    run = OutcomeRun.objects.filter(model__slug=SOCIAL, system__code=MAIN).latest("run_at")
    page = pmo.get(reverse("spread:model", args=[MAIN, SOCIAL]))
    charted = [o for o in page.context["outcomes"] if o["figure"]]
    assert charted, page.context["outcomes"]
    for shown in charted:  # limits recalculated at the adoption month
        series = run.result["places"][next(c for c in run.result["places"])]
        result = shown["figure"].result
        assert {p.segment for p in result.points} == {0, 1}
        assert all(isinstance(p["rate"], float) for p in series["points"])
    evaluation = page.context["evaluation"]
    assert evaluation["ran"], evaluation
    assert "emergency admissions" in evaluation["key_point"]
    html = page.content.decode()
    assert "Against the places that have not adopted" in html and 'id="outcome-' in html

    care = pmo.post(reverse("spread:outcomes", args=[MAIN, EHCH]))
    assert care.status_code == 302
    shown = pmo.get(reverse("spread:model", args=[MAIN, EHCH])).context
    for o in shown["outcomes"]:  # care home residents: charted, or too few to chart safely
        assert o["figure"] or "too few events" in o["note"] or "no practices" in o["note"]
    assert shown["evaluation"]["ran"] or shown["evaluation"]["why"]
    print({o["place"]: o.get("period") or o.get("note") for o in shown["outcomes"]})
    print(shown["evaluation"])


def test_s25_the_adoption_view_downloads_and_the_regulator_reads_it(pmo, client_for, spread):
    book = load_workbook(
        io.BytesIO(pmo.get(reverse("spread:export", args=[MAIN, EHCH, "xlsx"])).content)
    )
    assert book.sheetnames == ["Model", "Adoption", "Outcomes", "Who else does this"]
    assert book["Adoption"].max_row == 6  # a header and the five places
    pdf = pmo.get(reverse("spread:export", args=[MAIN, EHCH, "pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Enhanced health in care homes" in text and "Who else does this" in text
    regulator = client_for("regulator")
    assert regulator.get(reverse("spread:model", args=[MAIN, EHCH])).status_code == 200
    assert regulator.get(reverse("spread:adoption-new", args=[MAIN, EHCH])).status_code == 403
