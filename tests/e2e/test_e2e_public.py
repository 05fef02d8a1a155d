"""Given a member of the public, when they look for how the system decides, then they find the
public pages from the sign-in page (signed out) or from the menu (signed in as ``public``), and
every page they walk through passes axe."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SYSTEM = "Vale and Downs ICS (fictional)"


def test_signed_out_a_visitor_walks_from_sign_in_to_a_decision(page, assert_accessible):
    page.goto("/sign-in/")
    page.locator("#public-pages").get_by_role("link").click()
    page.wait_for_url("**/public/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("How our integrated")
    assert_accessible(page)

    page.get_by_role("link", name=SYSTEM, exact=True).click()  # not its consultations
    assert page.get_by_role("heading", level=1).inner_text() == f"How {SYSTEM} takes decisions"
    assert page.locator("#meetings").count() == 1 and page.locator("#register").count() == 1
    assert_accessible(page)

    decision = page.locator("#decisions tbody a").first
    title = decision.inner_text()
    decision.click()
    page.wait_for_url("**/governance/decisions/*/")
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert page.locator("#timeline li").count() >= 1
    assert_accessible(page)


def test_signed_in_as_public_the_menu_leads_to_the_public_pages(page, sign_in, assert_accessible):
    sign_in("public")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Decisions and meetings"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"How {SYSTEM} takes decisions"
    assert_accessible(page)

    page.locator("#bodies a").first.click()
    assert page.locator("#members").count() == 1
    assert_accessible(page)
