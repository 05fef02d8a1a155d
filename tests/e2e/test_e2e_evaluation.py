"""Given a published linked lake with the generator's planted care-home intervention, when an
analyst fills in a new evaluation in a real browser (no JavaScript needed: checkboxes and a date)
and runs it, then the briefing page loads with its love plot and forest plot as SVG, and the list,
the form and the briefing pass axe (WCAG 2.2 AA)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EVALUATIONS = "/systems/vale-downs/evaluations"


@pytest.fixture
def lake(demo_site, settings, tmp_path):
    from engineroom.demo.population import ensure_system_demo
    from engineroom.demo.structure import main_system_code
    from engineroom.system.models import System

    ensure_system_demo(System.objects.get(code=main_system_code()), tmp_path, scale=0.005, seed=5)
    settings.PHM_VAR = str(tmp_path)
    return tmp_path


def test_an_evaluation_is_run_and_its_briefing_passes_axe(page, lake, assert_accessible, sign_in):
    from engineroom.population.evaluation.planted import truth

    planted = truth(lake)
    sign_in("analyst")
    response = page.goto(f"{EVALUATIONS}/")
    assert response is not None and response.status == 200
    assert_accessible(page)
    page.get_by_role("link", name="New evaluation").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Name").fill("Enhanced health in care homes")
    for home in planted["homes"]:
        page.locator(f"input[name=homes][value='{home}']").check()
    page.get_by_label("Start of the intervention").fill(planted["start"])
    page.get_by_role("button", name="Run the evaluation").click()
    page.wait_for_load_state()
    assert "/evaluations/" in page.url and page.url.rstrip("/").split("/")[-1].isdigit()
    assert page.get_by_role("heading", name="Key points").count() == 1
    assert page.locator("svg[role=img]").count() >= 1
    assert page.locator("#balance-table tbody tr").count() == 10
    assert_accessible(page)
