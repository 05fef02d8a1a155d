"""Given the demo system's shared record, when the demo clinician finds a person on their
worklist, opens the record, filters the timeline and prints it, then they see the person's
record with each entry's source; and when that person signs in (as a fictional person) they see
that the clinician looked. Every page passes axe (WCAG 2.2 AA)."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SYSTEM = "/systems/vale-downs"


@pytest.fixture
def results(demo_site, settings, tmp_path):
    """The demo system's population at 0.5%, its PHM results and its record store."""
    from engineroom.demo.population import ensure_system_demo
    from engineroom.demo.structure import main_system_code
    from engineroom.system.models import System

    ensure_system_demo(System.objects.get(code=main_system_code()), tmp_path, scale=0.005, seed=5)
    settings.PHM_VAR = str(tmp_path)
    return tmp_path


def first_person(page) -> str:
    """The NHS number of the first person on the clinician's case-finding worklist."""
    page.goto(f"{SYSTEM}/population/worklists/case-finding/")
    link = page.locator("#worklist tbody tr").first.get_by_role("link", name=re.compile("NHS"))
    return re.search(r"/record/(\d{10})/", link.get_attribute("href")).group(1)


def test_a_clinician_finds_opens_filters_and_prints_a_record(
    page, results, assert_accessible, sign_in
):
    sign_in("clinician")
    nhs = first_person(page)
    page.goto(f"{SYSTEM}/record/")
    assert_accessible(page)
    page.get_by_label("NHS number").fill(f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert "1 person found" in page.locator("#results").inner_text()
    assert_accessible(page)
    page.locator("#people tbody a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/record/{nhs}/")
    assert "You are seeing this record because" in page.locator("#basis").inner_text()
    assert "Population health flags" in page.locator("#population-health").inner_text()
    assert re.search(r"\([A-Z0-9]{3,}\)", page.locator("#timeline tbody").inner_text())
    assert_accessible(page)
    page.get_by_label("Setting").select_option("gp")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "setting=gp" in page.url
    settings = page.locator("#timeline tbody tr td:nth-child(2)").all_inner_texts()
    assert settings and set(settings) == {"GP practice"}
    assert_accessible(page)
    page.get_by_role("link", name="Print view").click()
    page.wait_for_load_state()
    assert "/print/" in page.url and "setting=gp" in page.url
    body = page.locator("body").inner_text()
    assert "confidential: for direct care only" in body.casefold()  # in capitals on paper
    assert "Filtered: GP practice." in body
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Back to the record").is_visible()


def test_a_person_signs_in_and_sees_who_looked(page, results, assert_accessible, sign_in):
    sign_in("clinician")
    nhs = first_person(page)
    page.goto(f"{SYSTEM}/record/{nhs}/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.goto("/sign-in/")
    page.get_by_role("link", name="Sign in to see your record").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="sign in as a fictional person").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("NHS number of a fictional person").fill(nhs)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.url.endswith("/my-record/")
    views = page.locator("#views tbody").inner_text()
    assert "Dr Cleo Clinician" in views and "Opened the record" in views
    assert_accessible(page)
    page.get_by_label("I understand what this means").check()
    page.get_by_role("button", name="Object to sharing my record").click()
    page.wait_for_load_state()
    assert "Your objection to sharing is registered." in page.locator("body").inner_text()
    assert page.get_by_role("button", name="Withdraw my objection").is_visible()
    assert_accessible(page)
