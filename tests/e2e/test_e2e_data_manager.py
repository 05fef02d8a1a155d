"""Given the demo system's partner feeds, when the data manager signs in and works the quarantine
in a real browser (filter it by rule, open a row, correct it through the form, a wrong value
first), loads an extract through the organisation loader and opens the feed calendar, then each
page works and passes axe (WCAG 2.2 AA)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SYSTEM = "/systems/vale-downs"


@pytest.fixture
def feeds(demo_site, settings, tmp_path):
    from engineroom.demo.population import ensure_system_demo
    from engineroom.demo.structure import main_system_code
    from engineroom.system.models import System

    ensure_system_demo(System.objects.get(code=main_system_code()), tmp_path, scale=0.005, seed=5)
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_the_data_manager_corrects_a_quarantined_row(page, feeds, assert_accessible, sign_in):
    sign_in("data_manager")
    response = page.goto(f"{SYSTEM}/feeds/")
    assert response is not None and response.status == 200
    assert_accessible(page)
    page.get_by_role("link", name="Quarantined rows to work").click()
    page.get_by_label("Rule broken").select_option("not a valid date (expected YYYY-MM-DD)")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "reason=not+a+valid+date" in page.url
    assert_accessible(page)
    page.locator("#quarantine tbody a").first.click()
    page.wait_for_load_state()
    assert "/rows/" in page.url
    assert_accessible(page)
    field = page.locator("#correct-form .nhsuk-form-group:has(.nhsuk-hint) input").first
    field.fill("2024-02-30")  # still not a real date: refused, naming the field
    page.get_by_role("button", name="Check and accept the corrected row").click()
    page.wait_for_load_state()
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert "not a valid date" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page)
    page.locator("#correct-form .nhsuk-form-group--error input").fill("2024-02-28")
    page.get_by_role("button", name="Check and accept the corrected row").click()
    page.wait_for_load_state()
    assert "The file now reconciles" in page.content()
    assert page.locator("#accepted-late").inner_text() == "1"
    assert_accessible(page)

    # The organisation loader takes several files chosen in one file input.
    page.goto(f"{SYSTEM}/load/")
    page.set_input_files(
        "#id_files",
        [
            {
                "name": "organisations.csv",
                "mimeType": "text/csv",
                "buffer": b"ods_code,name,kind\nRQ7,New Place Hospital,acute\n",
            },
            {
                "name": "areas.csv",
                "mimeType": "text/csv",
                "buffer": b"code,name,level,parent_code,population\n"
                b"new-place,New Place,place,vale-downs,250000\n",
            },
        ],
    )
    page.get_by_role("button", name="Check and load").click()
    page.wait_for_load_state()
    assert "Loaded: organisations.csv (1 row), areas.csv (1 row)." in page.content()
    assert_accessible(page)

    page.goto(f"{SYSTEM}/feeds/calendar/")
    assert page.locator("#late-feeds").is_visible()
    assert_accessible(page)
