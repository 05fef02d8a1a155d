"""Given the demo portfolio, when the programme office adds a milestone by form, starts the monthly
report and opens the dependency map in a real browser, then the milestone is on the plan, the
report starts filled in from the last one and the plan, the map names the cycle, and every page
passes axe (WCAG 2.2 AA)."""

import datetime as dt
import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PROGRAMMES = "/systems/vale-downs/programmes"


def test_the_programme_office_adds_a_milestone_and_starts_the_monthly_report(
    page, sign_in, assert_accessible
):
    sign_in("pmo")
    response = page.goto(f"{PROGRAMMES}/stroke/")
    assert response is not None and response.status == 200
    assert page.locator("#milestone-timeline-title").count() == 1
    assert page.locator("#benefits-chart-title").count() == 1
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(r"^Add a milestone to ")).first.click()
    page.wait_for_load_state()
    due = dt.date.today() + dt.timedelta(days=40)
    page.get_by_label("Name").fill("Thrombectomy service opens")
    page.get_by_label("Due date (baseline)").fill(f"{due:%Y-%m-%d}")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"{PROGRAMMES}/stroke/")
    assert page.get_by_text("Milestone Thrombectomy service opens added").count() == 1
    assert page.get_by_role("link", name="Thrombectomy service opens").count() >= 1

    this_month = dt.date.today().replace(day=1)
    page.get_by_role("link", name=f"Write the monthly report for {this_month:%B %Y}").click()
    page.wait_for_load_state()
    assert page.get_by_label("Month").input_value() == f"{this_month:%Y-%m}"
    commentary = page.get_by_label("Commentary").input_value()
    assert commentary.startswith("Milestones: ") and "From the " in commentary
    assert "Thrombectomy service opens" in page.get_by_label("Next steps").input_value()
    assert_accessible(page)

    response = page.goto(f"{PROGRAMMES}/dependencies/")
    assert response is not None and response.status == 200
    assert page.locator("#cycle-1").inner_text().startswith("Cycle: Mental health → ")
    assert page.locator("#dependency-chart-title").count() == 1
    assert_accessible(page)
