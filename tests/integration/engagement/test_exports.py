"""The consultation's report as XLSX and PDF: suppressed counts as numbers a spreadsheet can sum,
every sheet the page shows, no answer's text beyond the quotes."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.engagement import exports

pytestmark = pytest.mark.django_db


def _download(client, consultation, fmt):
    page = reverse("engagement:export", args=[consultation.system.code, consultation.slug, fmt])
    return client.get(page)


def test_the_workbook_holds_every_part_suppressed(consulted, member, signed_in):
    response = _download(signed_in(member("analyst")), consulted, "xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Themes", "Agreement", "Who answered", "You said, we did"]
    themes = {row[1]: row[3] for row in book["Themes"].iter_rows(min_row=2, values_only=True)}
    assert themes == {"Travel": 20, "Staffing": 10}
    answers = [c for row in book["Themes"].iter_rows(values_only=True) for c in row if c]
    assert not any("Answer 5:" in str(c) for c in answers)  # not a quote, so never exported


def test_the_pdf_is_an_a4_report(consulted, member, signed_in):
    response = _download(signed_in(member("analyst")), consulted, "pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_other_formats_are_not_found(consulted, member, signed_in):
    assert _download(signed_in(member("analyst")), consulted, "csv").status_code == 404


def test_a_published_count_becomes_a_number_and_a_star_stays():
    assert exports.cell("1,235") == 1235 and exports.cell("*") == "*"


def test_who_answered_in_the_workbook_is_built_on_the_rounded_counts(consulted, member, signed_in):
    from engineroom.engagement.models import Response

    Response.objects.filter(consultation=consulted, number=2).update(sex="M")  # 11 M, 29 F
    book = load_workbook(
        io.BytesIO(_download(signed_in(member("analyst")), consulted, "xlsx").content)
    )
    rows = {r[1]: r[2:] for r in book["Who answered"].iter_rows(min_row=2, values_only=True)}
    assert rows["Male"][:2] == (10, "25%") and rows["Male"][-1] == "0.50"
