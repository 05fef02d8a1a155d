"""Given a demo account, when I sign in in a real browser, then my system's pages open and pass axe."""

import pytest

from engineroom.accounts.permissions import ROLES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_lists_the_demo_accounts_and_is_accessible(page, assert_accessible):
    page.goto("/sign-in/")
    for key in ROLES:
        assert page.get_by_role("cell", name=key, exact=True).count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_opens_the_system_map_and_leadership_register(
    page, role, assert_accessible, sign_in
):
    sign_in(role)
    page.goto("/systems/vale-downs/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vale and Downs ICS (fictional)"
    assert page.locator("#overlaps li").count() >= 3
    assert_accessible(page)

    page.get_by_role("link", name="Leadership", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Leadership register"
    assert page.locator("#system-leaders").get_by_text("Dual-hatted").count() == 1
    assert_accessible(page)


def test_directory_search_updates_in_place_with_htmx(page, assert_accessible, sign_in):
    sign_in("analyst")
    page.get_by_role("link", name="Organisations", exact=True).click()
    page.get_by_label("Kind").select_option("acute")
    page.wait_for_function("document.querySelectorAll('#organisation-table tbody tr').length == 2")
    assert "kind=acute" in page.url
    assert_accessible(page)


def test_signing_in_with_a_wrong_password_shows_an_error_summary(page, assert_accessible):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("finance")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text().startswith("There is a problem")
    assert_accessible(page)
