import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
OUT = "/tmp/h5shots/"


def _shot(page, name, width=1280):
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(media="screen")
    page.screenshot(path=f"{OUT}{name}.png", full_page=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=f"{OUT}{name}-print.png", full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=f"{OUT}{name}-mobile.png", full_page=True)
    page.set_viewport_size({"width": width, "height": 800})


def test_shots(page, sign_in):
    sign_in("regulator")
    page.goto("/regions/demo-region/oversight/")
    _shot(page, "region")
    page.goto("/systems/coast-forest/oversight/?sort=variation")
    _shot(page, "summary")
    page.goto("/systems/coast-forest/oversight/ae_4h/")
    page.get_by_text("Draw the chart another way").click()
    _shot(page, "measure")
    page.goto("/regions/demo-region/oversight/")
    page.locator("#triggers a").first.click()
    page.wait_for_load_state()
    _shot(page, "trigger")
    page.context.clear_cookies()
    sign_in("finance")
    page.goto("/systems/vale-downs/finance/")
    _shot(page, "finance")
