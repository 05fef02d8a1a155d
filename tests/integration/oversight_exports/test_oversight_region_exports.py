"""The region's view across its systems as XLSX (one row a system) and as a landscape PDF."""

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from engineroom.oversight import exports, presenters
from engineroom.web.charts import VARIATION_TEXT


def _sheet(region):
    download = exports.region_xlsx(region)
    assert download.filename == "oversight-region-north-test.xlsx"
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["Systems"]
    ws = book["Systems"]
    header = [c.value for c in ws[1]]
    rows = ws.iter_rows(min_row=2, values_only=True)
    return header, {r[0]: dict(zip(header, r, strict=True)) for r in rows}


def test_one_row_a_system_with_segment_triggers_finance_and_leaders(loaded, region):
    _, rows = _sheet(region)
    assert set(rows) == {"Upper Vale ICS", "Lower Vale ICS"}
    upper, lower = rows["Upper Vale ICS"], rows["Lower Vale ICS"]
    assert isinstance(upper["Segment"], int) and upper["Segment reason"].startswith("Segment ")
    assert "special cause concern" in upper["Triggers firing now"]
    assert lower["Triggers firing now"] is None
    money = "Finance position, year to date variance to plan"
    assert isinstance(upper[money], int | float | Decimal) and upper[money] < 0
    assert lower[money] > 0
    assert isinstance(upper["Finance month"], dt.datetime)
    assert upper["ICS chair"] == "Ada Chairwoman" and upper["ICS lead"] == "Recruiting"
    assert lower["ICS chair"] == "Vacant" and lower["ICS lead"] == "Vacant"
    assert upper["Measures of special cause concern"] >= 1


def test_the_key_measures_are_numbers_with_their_variation_in_words(loaded, region):
    header, rows = _sheet(region)
    key = dict(presenters.key_measures())
    value = f"{key['ae_4h']} (per cent)"
    assert value in header and f"{key['cancer_62d']}: variation" in header
    upper = rows["Upper Vale ICS"]
    assert isinstance(upper[value], float) and upper[value] < 75
    assert upper[f"{key['ae_4h']}: variation"] == VARIATION_TEXT["concern_low"]
    assert upper[f"{key['cancer_62d']} (per cent)"] is None  # no data for it
    assert upper[f"{key['cancer_62d']}: variation"] == exports.NO_DATA


def test_the_region_pdf_names_every_system(loaded, region):
    download = exports.region_pdf(region, base_url="http://testserver/")
    assert download.filename == "oversight-region-north-test.pdf"
    reader = PdfReader(io.BytesIO(download.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())  # cells wrap
    assert len(reader.pages) >= 1
    assert "Upper Vale ICS" in text and "Lower Vale ICS" in text
    assert "Ada Chairwoman" in text and "Recruiting" in text
    assert "A&E patients seen within 4 hours" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape: the systems side by side


def test_the_region_export_view(system, region, member, signed_in):
    client = signed_in(member("regulator"))
    response = client.get(reverse("oversight:region-export", args=[region.code, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('oversight-region-north-test.xlsx"')
    refused = client.get(reverse("oversight:region-export", args=[region.code, "csv"]))
    assert refused.status_code == 404
