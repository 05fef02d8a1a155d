"""Given published population health results, when the demo clinician opens their worklist in a
real browser, then each person has a name, date of birth and age, the readings behind a
case-finding flag open without JavaScript's help (a details element), and marking a person
reviewed shows who did it; every page passes axe (WCAG 2.2 AA)."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SYSTEM = "/systems/vale-downs/population"


@pytest.fixture
def results(demo_site, settings, tmp_path):
    """The demo system's population at 0.5%, as tests/e2e/test_e2e_population_health.py builds
    it."""
    from engineroom.demo.population import ensure_system_demo
    from engineroom.demo.structure import main_system_code
    from engineroom.system.models import System

    ensure_system_demo(System.objects.get(code=main_system_code()), tmp_path, scale=0.005, seed=5)
    settings.PHM_VAR = str(tmp_path)
    return tmp_path


def test_a_clinician_reads_evidence_and_marks_a_person_reviewed(
    page, results, assert_accessible, sign_in
):
    sign_in("clinician")
    response = page.goto(f"{SYSTEM}/worklists/case-finding/?condition=hypertension")
    assert response is not None and response.status == 200
    person = page.locator("#worklist tbody tr").first
    heading = person.locator("th").inner_text()
    assert re.search(r"^[A-Z' -]+, \w+", heading), heading  # SMITH, John
    assert re.search(r"Born \d{1,2} [A-Z][a-z]{2} \d{4} \(\d+\)", heading), heading
    assert re.search(r"NHS number \d{3} \d{3} \d{4}", heading), heading
    assert re.search(r"\d+\.\d% — ", person.locator("td").nth(2).inner_text())
    details = person.locator("details").first
    reading = details.locator("li").first
    assert not reading.is_visible()
    details.locator("summary").click()
    assert reading.is_visible()
    assert re.search(r"^BP \d+/\d+ mmHg on \d{1,2} \w{3} \d{4} at .+", reading.inner_text())
    assert_accessible(page)
    person.locator("select[name=status]").select_option("reviewed")
    person.locator("input[name=note]").fill("Reviewed at the practice meeting")
    person.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert "condition=hypertension" in page.url
    assert "Mark saved: reviewed" in page.locator("body").inner_text()
    marked = page.locator("#worklist tbody tr", has_text="Reviewed at the practice meeting")
    assert "Reviewed by" in marked.inner_text()
    assert_accessible(page)
    page.get_by_label("Marked").select_option("none")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    assert (
        page.locator("#worklist tbody tr", has_text="Reviewed at the practice meeting").count() == 0
    )
