"""The board secretary builds an agenda in the browser: opens an upcoming meeting, adds an item
with its presenter, purpose and time, moves it up the agenda with its button (a plain form, no
script needed), and finds the board pack linked. Each page passes axe (WCAG 2.2 AA)."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SYSTEM = "/systems/vale-downs"


def _number_of(page, title: str) -> int:
    row = page.locator("#agenda tbody tr", has_text=title)
    return int(row.locator("td").first.inner_text().strip())


def test_the_secretary_adds_an_item_and_moves_it_up_the_agenda(page, sign_in, assert_accessible):
    sign_in("governance")
    assert page.goto(f"{SYSTEM}/governance/meetings/").status == 200
    page.locator("#upcoming tr", has_text="Unified Executive Group").first.get_by_role(
        "link"
    ).click()
    page.wait_for_load_state()
    assert page.locator("#agenda").count() == 1
    assert page.get_by_role("link", name=re.compile(r"^Board pack \(PDF")).count() == 1
    assert page.locator("#quorum").inner_text().strip() != ""
    assert_accessible(page)

    page.get_by_role("link", name="Add an agenda item").click()
    page.wait_for_load_state()
    page.get_by_label("Title").fill("Digital strategy refresh")
    page.get_by_label("Purpose").select_option("assurance")
    page.get_by_label("Minutes allotted").fill("15")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert re.search(r"/governance/meetings/\d+/$", page.url)
    added = _number_of(page, "Digital strategy refresh")
    assert page.get_by_text(f"Item {added} added: Digital strategy refresh.").count() == 1

    page.get_by_role("button", name=f"Move up item {added}").click()
    page.wait_for_load_state()
    assert _number_of(page, "Digital strategy refresh") == added - 1
    assert page.get_by_text(f"Digital strategy refresh is now item {added - 1}.").count() == 1
    assert_accessible(page)
