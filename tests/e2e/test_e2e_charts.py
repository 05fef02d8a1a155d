"""Charts people can read: at 1280 x 800, every chart's text is drawn at 12 px or more and inside
its SVG; the structure chart keeps its natural size in a region that scrolls sideways; the funding
and finance charts have named axes. Each page passes axe (WCAG 2.2 AA)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SYSTEM = "/systems/vale-downs"

# For each chart SVG on the page: its text too small, or outside the SVG's box, as drawn.
MEASURE = """(selector) => [...document.querySelectorAll(selector)].map(svg => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')];
  const small = texts.filter(t => {
    const r = t.getBoundingClientRect();
    return r.height < 12 || parseFloat(getComputedStyle(t).fontSize) * scale < 11.99;
  }).map(t => t.textContent);
  const outside = texts.filter(t => {
    const r = t.getBoundingClientRect();
    return r.left < box.left - 1 || r.right > box.right + 1
      || r.top < box.top - 1 || r.bottom > box.bottom + 1;
  }).map(t => t.textContent);
  const axes = svg.querySelectorAll('.er-chart__axis-label').length;
  const ticks = svg.querySelectorAll('.er-chart__tick').length;
  return {id: svg.getAttribute('aria-labelledby'), texts: texts.length, small, outside, axes, ticks};
})"""


def _charts(page, selector="figure.er-chart svg[viewBox]"):
    found = page.evaluate(MEASURE, selector)
    assert found, f"no chart on {page.url}"
    for chart in found:
        assert chart["texts"] and not chart["small"], chart
        assert not chart["outside"], chart
    return found


def _no_sideways_page_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_the_structure_chart_is_legible_at_1280_and_scrolls_in_its_frame(
    page, sign_in, assert_accessible
):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in("governance")
    assert page.goto(f"{SYSTEM}/governance/").status == 200
    (chart,) = _charts(page, "#structure-chart .er-chart__frame svg")
    assert chart["texts"] > 30
    frame = page.locator("#structure-chart .er-chart__frame")
    assert frame.get_attribute("tabindex") == "0" and frame.get_attribute("role") == "region"
    width = frame.evaluate("f => [f.scrollWidth, f.clientWidth]")
    assert width[0] > width[1]  # wider than the column: it scrolls, it is not shrunk
    _no_sideways_page_scroll(page)
    frame.focus()
    page.keyboard.press("End")
    frame.evaluate("f => f.scrollLeft = f.scrollWidth")
    assert frame.evaluate("f => f.scrollLeft") > 0
    assert_accessible(page)
    # A box is a link to its body's page.
    page.locator("#structure-chart svg a").first.click()
    page.wait_for_load_state()
    assert "/governance/bodies/" in page.url


def test_funding_and_finance_charts_have_axes_and_are_not_clipped(page, sign_in, assert_accessible):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in("pmo")
    assert page.goto(f"{SYSTEM}/workforce/").status == 200
    (mix,) = _charts(page)
    assert mix["axes"] == 1 and mix["ticks"] >= 3
    assert page.get_by_text("Share of current annual funding (%)").count() == 1
    _no_sideways_page_scroll(page)
    assert_accessible(page)
    page.goto(f"{SYSTEM}/workforce/pooled/")
    page.locator("#budgets a").first.click()
    page.wait_for_load_state()
    (sources,) = _charts(page)
    assert sources["axes"] == 1 and sources["ticks"] >= 3
    assert_accessible(page)
    page.context.clear_cookies()
    sign_in("finance")
    assert page.goto(f"{SYSTEM}/finance/").status == 200
    forecast, variance = _charts(page)  # the forecast, then the in-month variance's SPC chart
    assert forecast["axes"] == 2 and forecast["ticks"] >= 3  # value axis and month axis
    assert variance["axes"] == 2 and variance["id"] == "variance-spc-title"
    _no_sideways_page_scroll(page)
    assert_accessible(page)
