"""S26 in a real browser: each role signs in and lands on the page made for its day, and a
visitor who is not signed in finds the sign-in and the public pages from ``/``."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_sign_in_and_the_public_pages_from_the_front_page(page, assert_accessible):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Engine Room"
    assert_accessible(page)
    page.get_by_role("link", name="Public information").click()
    page.wait_for_url("**/public/")
    assert_accessible(page)


def test_the_system_leader_lands_on_the_whole_system_and_follows_a_panel(
    page, assert_accessible, sign_in
):
    sign_in("system_leader")
    page.wait_for_url("**/systems/vale-downs/home/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your day"
    for heading in ("Finance position", "Programmes by RAG", "Population"):
        assert page.get_by_role("heading", name=heading, exact=True).count() == 1
    assert page.get_by_role("heading", name="Decisions waiting on sovereign boards").count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="The portfolio").click()
    page.wait_for_url("**/programmes/")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("role", "heading"),
    [("governance", "Meetings needing papers"), ("data_manager", "Late or missing feeds")],
)
def test_other_roles_land_on_their_own_day(page, assert_accessible, sign_in, role, heading):
    sign_in(role)
    page.wait_for_url("**/systems/vale-downs/home/")
    assert page.get_by_role("heading", name=heading).count() == 1
    assert_accessible(page)
