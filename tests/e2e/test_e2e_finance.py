"""Given the demo region, when a trust's finance director opens the system position, downloads
the board report PDF from its link, reads the incentive scheme and proposes a transfer round, then
each page passes axe (WCAG 2.2 AA), the PDF is a real A4 download, and the round shows its
status."""

import io

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FINANCE = "/systems/vale-downs/finance/"


def test_finance_director_position_board_report_and_transfer_round(
    page, sign_in, assert_accessible
):
    from pypdf import PdfReader

    sign_in("finance")
    response = page.goto(FINANCE)
    assert response is not None and response.status == 200
    assert page.locator("#forecast-chart-title").count() == 1
    assert_accessible(page)

    link = page.get_by_role("link", name="Download the board report (PDF, A4)")
    href = link.get_attribute("href")
    pdf = page.context.request.get(href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith('attachment; filename="finance-report-')
    reader = PdfReader(io.BytesIO(pdf.body()))
    first = reader.pages[0].extract_text()
    assert f"Page 1 of {len(reader.pages)}" in first and "Board finance report" in first
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Incentive scheme").first.click()
    page.wait_for_load_state()
    assert page.locator("svg[role=img]").count() >= 1
    assert page.get_by_text("set for the whole system").count() >= 1
    assert_accessible(page)

    page.get_by_role("link", name="Transfers to balance").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Propose transfers").click()
    page.wait_for_load_state()
    assert "/transfers/" in page.url
    assert "Open for decisions" in page.locator("#round-status").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Close the round to decisions").click()
    page.wait_for_load_state()
    assert "Closed" in page.locator("#round-status").inner_text()
    page.get_by_role("link", name="Transfers to balance").first.click()
    page.wait_for_load_state()
    assert page.locator("#rounds").get_by_text("Closed").count() >= 1
    assert_accessible(page)
