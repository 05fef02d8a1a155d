"""Given published population health results, when a clinician opens the dashboard, a place, the
model card and the worklists in a real browser, then each page loads and passes axe (WCAG 2.2 AA),
with the charts drawn as SVG and a table beneath each."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SYSTEM = "/systems/vale-downs/population"


@pytest.fixture
def results(demo_site, settings, tmp_path):
    from engineroom.demo.population import ensure_system_demo
    from engineroom.demo.structure import main_system_code
    from engineroom.system.models import System

    ensure_system_demo(System.objects.get(code=main_system_code()), tmp_path, scale=0.005, seed=5)
    settings.PHM_VAR = str(tmp_path)
    return tmp_path


def test_population_health_pages_pass_axe(page, results, assert_accessible, sign_in):
    sign_in("clinician")
    response = page.goto(f"{SYSTEM}/")
    assert response is not None and response.status == 200
    assert page.locator("svg[role=img]").count() >= 10
    assert page.locator("table.inequality-table").count() == 8
    assert_accessible(page)
    page.locator("#children a").first.click()
    page.wait_for_load_state()
    assert "/place/" in page.url
    assert_accessible(page)
    for path in ("model/", "worklists/risk/", "worklists/case-finding/?condition=hypertension"):
        response = page.goto(f"{SYSTEM}/{path}")
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    page.get_by_label("Sort by").select_option("age")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    assert "sort=age" in page.url
