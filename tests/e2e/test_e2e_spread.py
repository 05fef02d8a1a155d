"""Given the demo region with its spread of good practice, when the programme office opens the
library and plan, a model's adoption view (tile map, tables, peers) and plans an adoption in a
real browser (no JavaScript needed), then every page passes axe (WCAG 2.2 AA) and the plan shows
the new owner."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SPREAD = "/systems/vale-downs/spread"
EHCH = "enhanced-health-in-care-homes"


@pytest.fixture
def spread(demo_site):
    from engineroom.demo import spread

    spread.generate(seed=20181)  # idempotent: the demo build may have made it already
    return demo_site


def test_the_adoption_view_and_its_forms_pass_axe(page, spread, assert_accessible, sign_in):
    sign_in("pmo")
    response = page.goto(f"{SPREAD}/")
    assert response is not None and response.status == 200
    assert page.locator("#plan tbody tr").count() >= 5
    assert page.get_by_text("Overdue").count() >= 1
    assert_accessible(page)
    page.get_by_role("link", name="Social prescribing").first.click()
    page.wait_for_load_state()
    assert page.locator("svg[role=img]").count() >= 1  # the tile map
    assert page.locator("#adoption-map-table tbody tr").count() >= 5
    assert_accessible(page)
    page.get_by_role("link", name="Plan an adoption").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Place").select_option(label="Carrow")
    page.get_by_label("Owner", exact=True).fill("Jamie Fox (place director)")
    page.get_by_label("Planned start").fill("2027-04-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/social-prescribing")
    assert page.locator("#adoptions").get_by_text("Jamie Fox (place director)").count() == 1
    page.goto(f"{SPREAD}/{EHCH}/")
    assert page.locator("#peers tbody tr").count() == 2
    assert_accessible(page)
    page.goto(f"{SPREAD}/new/")
    assert_accessible(page)
