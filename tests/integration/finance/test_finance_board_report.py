"""The board finance report PDF: its own A4 print layout with a running header and footer
("Page 2 of 5"), the position and incentive charts drawn in it, totals, partners and notes; not a
printed web page."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from engineroom.finance import report
from factories.finance import YEAR, TransferFactory, TransferRoundFactory

A4 = (595, 842)  # points, rounded


@pytest.fixture
def pdf(signed_in, member, world):
    """The report downloaded by the system leader: (response, reader, text of each page)."""
    run = TransferRoundFactory(system=world.system, note="Month 3")
    TransferFactory(
        round=run, giver=world.surplus, receiver=world.deficit, amount_pence=128_431_000
    )
    client = signed_in(member("system_leader"))
    response = client.get(reverse("finance:report-pdf", args=[world.system.code, YEAR]))
    reader = PdfReader(io.BytesIO(response.content))
    return response, reader, [page.extract_text() for page in reader.pages]


def test_the_pdf_is_a_download_laid_out_on_a4(pdf, world):
    response, reader, _ = pdf
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="finance-report-{world.system.code}-2025-26.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    for page in reader.pages:
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size == A4


def test_every_page_has_the_header_and_footer_with_page_numbers(pdf, world):
    _, reader, pages = pdf
    count = len(reader.pages)
    assert count >= 2, "the report runs over pages, each with its header and footer"
    for number, text in enumerate(pages, start=1):
        assert world.system.name in text, number
        assert "Board finance report 2025/26" in text, number
        assert re.search(r"Produced \d{1,2} \w+ 20\d\d", text), number
        assert f"Page {number} of {count}" in text


def test_the_pdf_is_the_print_layout_not_the_web_page(pdf):
    _, _, pages = pdf
    text = "\n".join(pages)
    assert "Download this report" not in text and "Download the board report" not in text
    assert "Skip to main content" not in text and "Engine Room homepage" not in text
    assert "Notes" in text and "netted off" in text


def test_totals_are_rounded_tables_full_and_negatives_bracketed_on_one_line(pdf, world):
    _, _, pages = pdf
    text = "\n".join(pages)
    lines = text.splitlines()
    assert "£1.3m" in text or "£1,284,310" in text
    assert "(£7,000,000)" in text, "the deficit partner's variance in full, in brackets"
    assert any("(£7,000,000)" in line for line in lines), "never split over lines"
    assert not re.search(r"\(\s*\n\s*£", text), "no bracket left on a line of its own"
    assert "-£" not in text
    assert "£1,284,310" in text, "the transfer amount in full in the round's table"
    summary = next(line for line in lines if "System control total (NHS partners)" in line)
    assert re.search(r"£\d+(\.\d)?m", summary), summary


def test_the_charts_are_drawn_in_the_pdf(pdf):
    _, _, pages = pdf
    text = "\n".join(pages)
    assert "Forecast meets the control total" in text, "the position chart's legend"
    assert "Forecast outturn (£, surplus positive)" in text, "the SVG's axis, drawn as text"
    assert "Month of return" in text and "\nJun\n" in text, "the SVG's month axis"
    assert "linked (chosen)" in text and "At stake (£)" in text, "the incentive chart"


def test_the_report_context_has_the_pages_figures(world):
    figures = report.context(world.system, YEAR)
    assert figures["chart"].title.startswith("System forecast outturn")
    assert figures["position"].control_total == sum(
        p.control_total for p in figures["position"].partners
    )
    [scheme] = figures["schemes"]
    assert scheme["if_hits"] >= scheme["if_misses"] and scheme["chart"] is not None
