"""Given a member of the public, when they find a consultation, then they can read its published
results and answer an open one with the keyboard and no JavaScript, and every page passes axe."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "community-hospitals-urgent-care"


@pytest.fixture
def consultations(demo_site):
    """The demo's published consultation (small, for speed) and an open one to answer."""
    from engineroom.demo import engagement
    from engineroom.demo.structure import main_system_code
    from engineroom.engagement.actions import consultations
    from engineroom.engagement.models import Status
    from engineroom.system.models import System

    engagement.generate(seed=20181, n=1_200)
    system = System.objects.get(code=main_system_code())
    opened = consultations.create_consultation(
        system,
        title="Opening hours of the walk-in centre",
        slug="walk-in-hours",
        description="Tell us when you would use it.",
        standard_questions=True,
        by=None,
    )
    consultations.add_question(
        opened, kind="closed", text="Should it open at weekends?", options=["Yes", "No"], by=None
    )
    consultations.add_question(opened, kind="free_text", text="Anything else?", by=None)
    consultations.set_status(opened, Status.OPEN, by=None)
    return system.code


def test_the_public_reads_results_and_answers_an_open_consultation(
    page, consultations, assert_accessible
):
    page.goto(f"/public/{consultations}/consultations/")
    assert page.get_by_role("heading", level=1).inner_text() == "Have your say"
    assert_accessible(page)

    page.get_by_role("link", name="Our plans for community hospitals and urgent care").click()
    assert page.locator("#you-said-we-did").count() == 1
    assert_accessible(page)

    page.goto(f"/public/{consultations}/consultations/walk-in-hours/")
    page.get_by_role("link", name="Give your views").click()
    assert_accessible(page)
    page.get_by_label("Yes").check()
    page.get_by_label("Anything else?").fill("Evenings please. My number is 07700 900123.")
    page.get_by_role("button", name="Send your views").click()
    assert page.locator("#thanks").count() == 1
    assert_accessible(page)


def test_a_form_with_an_error_is_accessible(page, consultations, assert_accessible):
    page.goto(f"/public/{consultations}/consultations/walk-in-hours/respond/")
    page.get_by_label("What is the first half of your postcode?").fill("not a postcode")
    page.get_by_role("button", name="Send your views").click()
    assert page.locator(".nhsuk-error-summary").count() == 1
    assert_accessible(page)
