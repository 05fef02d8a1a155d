"""S23 in a real browser: the regulator lands on the region's oversight, reads Coast and Forest's
measures sorted by variation, opens the A&E chart and redraws it another way, tightens the A&E
trigger in plain words and downloads the regional view; an analyst imports a statistics file with
a bad row and sees every row accounted for. Each page passes axe (WCAG 2.2 AA), and every form
works without JavaScript (a GET form to sort and redraw, a POST form to save)."""

import datetime as dt

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REGION = "/regions/demo-region/oversight/"
MAIN = "vale-downs"


def _sort_by_variation(page) -> None:
    page.get_by_label("Sort by").select_option("variation")
    page.get_by_role("button", name="Sort").click()
    page.wait_for_url("**/oversight/?sort=variation")
    first = page.locator("#oversight-summary tbody tr").first
    assert first.locator(".er-spc-icon").first.get_attribute("data-icon").startswith("concern")


def _redraw_with_ptd(page) -> None:
    page.get_by_text("Draw the chart another way").click()
    rule = page.get_by_label("Two-of-three rule")
    assert rule.is_visible()  # the details opened
    rule.select_option("ptd")
    page.get_by_role("button", name="Redraw").click()
    page.wait_for_url("**rule=ptd**")
    assert page.locator("svg[aria-labelledby=spc-title]").is_visible()
    assert page.locator("#spc-table").is_visible()
    assert page.get_by_label("Two-of-three rule").input_value() == "ptd"


def test_the_regulator_reads_the_region_changes_a_trigger_and_downloads_the_view(
    page, sign_in, assert_accessible
):
    sign_in("regulator")
    page.wait_for_url(f"**{REGION}")
    assert page.get_by_role("heading", level=1).inner_text() == "Oversight across the region"
    assert_accessible(page)

    page.locator("#region-systems").get_by_role("link", name="Coast and Forest ICS").click()
    page.wait_for_url("**/systems/coast-forest/oversight/")
    _sort_by_variation(page)
    assert_accessible(page)

    page.get_by_role("link", name="A&E patients seen within 4 hours").click()
    page.wait_for_url("**/systems/coast-forest/oversight/ae_4h/")
    assert page.locator("svg[aria-labelledby=spc-title]").is_visible()
    assert page.locator("#spc-table").is_visible()
    icon = page.locator(".er-spc-icons .er-spc-icon").first
    assert icon.get_attribute("data-icon") == "concern_low" and icon.locator("svg").is_visible()
    assert_accessible(page)
    _redraw_with_ptd(page)
    assert_accessible(page)

    page.goto(REGION)
    ae = page.locator("#triggers tr", has_text="A&E patients seen within 4 hours")
    ae.get_by_role("link", name="Change this trigger").click()
    page.wait_for_url("**/triggers/*/")
    assert_accessible(page)
    page.get_by_label("For how many consecutive months").fill("3")
    page.get_by_role("button", name="Save the trigger").click()
    page.wait_for_url(f"**{REGION}")
    assert ae.inner_text().startswith("3 consecutive months of special cause concern")

    with page.expect_download() as download:
        page.get_by_role("link", name="The regional view (Excel)").click()
    assert download.value.suggested_filename == "oversight-region-demo-region.xlsx"


def test_the_analyst_imports_a_file_with_a_bad_row_and_every_row_is_counted(
    page, sign_in, assert_accessible
):
    sign_in("analyst")
    assert page.goto(f"/systems/{MAIN}/oversight/import/").status == 200
    assert_accessible(page)
    month = f"{dt.date.today():%Y-%m}"
    csv = (
        "system_code,measure_code,month,numerator,denominator,value\n"
        f"{MAIN},ae_4h,{month},15000,20000,75.0\n"
        f"{MAIN},ae_4h,not-a-month,,,75\n"
    ).encode()
    page.get_by_label("Monthly statistics file").set_input_files(
        {"name": "stats.csv", "mimeType": "text/csv", "buffer": csv}
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(f"**/systems/{MAIN}/oversight/import/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "stats.csv"
    counts = page.locator("#import-counts dd").all_inner_texts()
    assert counts == ["2", "1", "1"]
    problem = page.locator("#problems tbody tr")
    assert problem.count() == 1 and "not a month like" in problem.inner_text()
    assert_accessible(page)
