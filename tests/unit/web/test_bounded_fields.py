"""The shared bounded fields (web.forms) and upload checks (web.uploads): what people type and
upload is cleaned or refused with a plain message, never an exception a page cannot show."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from engineroom.web import uploads
from engineroom.web.forms import (
    MAX_PENCE,
    BoundedDateField,
    BoundedDateTimeField,
    BoundedDecimalField,
    BoundedIntegerField,
    MoneyField,
    object_id,
    parse_money,
    years_from_today,
)


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("1250000", 125_000_000),
        ("£1,234.56", 123_456),
        ("-3,500.5", -350_050),
        ("-£12", -1200),
        ("£-12", -1200),
        ("(12)", -1200),
        ("(£1,000.05)", -100_005),
        (" 45 000 ", 4_500_000),
        ("10,000,000,000", MAX_PENCE),
        ("0", 0),
    ],
)
def test_pounds_are_read_as_pence(text, pence):
    assert parse_money(text) == pence


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter an amount in pounds"),
        ("NaN", "Enter an amount in pounds"),
        ("Infinity", "Enter an amount in pounds"),
        ("1e308", "Enter an amount in pounds"),
        ("1E5", "Enter an amount in pounds"),
        ("--5", "Enter an amount in pounds"),
        ("(-5)", "Enter an amount in pounds"),
        ("1,2,3", "Enter an amount in pounds"),
        ("0x10", "Enter an amount in pounds"),
        ("٣", "Enter an amount in pounds"),  # an Arabic-Indic digit
        ("1.234", "no more than 2 decimal places"),
        ("9" * 30, "Enter an amount of £10,000,000,000 or less"),
        ("-10,000,000,000.01", "Enter an amount of £10,000,000,000 or less"),
        ("1" * 41, "Enter an amount in pounds"),
    ],
)
def test_bad_amounts_are_refused_with_a_plain_message(text, message):
    with pytest.raises(ValueError, match=message):
        parse_money(text)


def test_a_floor_refuses_negative_amounts_or_zero():
    assert parse_money("0", min_pence=0) == 0
    with pytest.raises(ValueError, match=r"^Enter an amount of £0 or more$"):
        parse_money("-5", min_pence=0)
    with pytest.raises(ValueError, match=r"^Enter an amount above £0$"):
        parse_money("0", min_pence=1)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=50))
def test_any_text_is_pence_in_bounds_or_a_value_error(text):
    try:
        pence = parse_money(text)
    except ValueError as error:
        assert str(error).startswith("Enter")
    else:
        assert isinstance(pence, int) and abs(pence) <= MAX_PENCE


def test_the_money_field_gives_pence_or_a_form_error():
    class F(forms.Form):
        spend = MoneyField(min_value=0)
        change = MoneyField(required=False)
        cost = MoneyField(min_value=Decimal("0.01"), required=False)

    form = F({"spend": "£1,000.50", "change": "(250)", "cost": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"spend": 100_050, "change": -25_000, "cost": None}
    form = F({"spend": "-5", "change": "NaN", "cost": "0"})
    assert form.errors == {
        "spend": ["Enter an amount of £0 or more"],
        "change": ["Enter an amount in pounds, like 45,000 or 45000.50"],
        "cost": ["Enter an amount above £0"],
    }


def test_bounded_numbers_refuse_exponents_nan_and_out_of_range():
    class F(forms.Form):
        count = BoundedIntegerField(min_value=1, max_value=50)
        share = BoundedDecimalField(min_value=0, max_value=100, decimal_places=2)

    assert F({"count": "5", "share": "12.5%"}).is_valid()
    cases = {
        ("1e2", "NaN"): ("Enter a whole number, like 5", "Enter a number, like 12.5"),
        ("9" * 30, "1e308"): ("Enter a whole number, like 5", "Enter a number, like 12.5"),
        ("51", "Infinity"): ("Enter a number of 50 or less", "Enter a number, like 12.5"),
        ("0", "100.01"): ("Enter a number of 1 or more", "Enter a number of 100 or less"),
        ("1", "1.005"): (None, "Enter the number with no more than 2 decimal places"),
    }
    for (count, share), (count_error, share_error) in cases.items():
        errors = F({"count": count, "share": share}).errors
        assert errors.get("count", [None])[0] == count_error, count
        assert errors["share"] == [share_error], share


def test_dates_outside_their_window_are_refused():
    class F(forms.Form):
        on = BoundedDateField()
        soon = BoundedDateField(earliest=dt.date(2000, 1, 1), latest=years_from_today(10))

    assert F({"on": "1900-01-01", "soon": "2000-01-01"}).is_valid()
    errors = F({"on": "0001-01-01", "soon": "9999-12-31"}).errors
    assert errors["on"] == ["Enter a date between 1 January 1900 and 31 December 2100"]
    assert errors["soon"][0].startswith("Enter a date between 1 January 2000 and ")
    assert F({"on": "2025-02-30", "soon": ""}).errors["on"] == [
        "Enter a real date, like 31/03/2026"
    ]


def test_a_date_and_time_out_of_the_window_is_refused_before_the_time_zone():
    class F(forms.Form):
        at = BoundedDateTimeField(input_formats=["%Y-%m-%dT%H:%M"])

    for text in ("0001-01-01T00:00", "9999-12-31T23:59", "0001-01-01T00:00:00+00:00"):
        assert F({"at": text}).errors["at"][0].startswith("Enter a date between"), text
    assert F({"at": "2026-06-01T10:00"}).is_valid()
    assert F({"at": "2026-03-29T01:30"}).errors  # the hour the clocks skip in London


def test_object_ids_that_no_database_could_hold_are_zero():
    assert [object_id(v) for v in ("12", 12, "", None, " 1", "1e3", "9" * 19, "١")] == [
        12,
        12,
        0,
        0,
        0,
        0,
        0,
        0,
    ]


# --- web.uploads --------------------------------------------------------------------------------


def workbook(rows: int = 2) -> bytes:
    book = Workbook()
    for n in range(rows):
        book.active.append([f"row {n}", n])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb(unzipped_mb: int = 30) -> bytes:
    """A real workbook whose first sheet unzips to ``unzipped_mb`` MB of padding."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * unzipped_mb * 2**20)
            target.writestr(entry.filename, data)
    return out.getvalue()


def test_a_workbook_is_read_and_a_zip_bomb_refused_from_its_directory():
    assert uploads.read_table("a.xlsx", workbook(3)) == [["row 0", 0], ["row 1", 1], ["row 2", 2]]
    small = bomb()
    assert len(small) < 100_000
    with pytest.raises(uploads.UploadRefused, match=r"^b\.xlsx is too big to read once unzipped"):
        uploads.read_table("b.xlsx", small)
    for broken in (b"not a zip", b"PK\x03\x04" + b"\x00" * 40, workbook()[:-30]):
        with pytest.raises(uploads.UploadRefused, match="is not a readable XLSX workbook"):
            uploads.read_table("c.xlsx", broken)


def test_rows_past_the_limit_are_refused_for_csv_and_xlsx():
    limits = uploads.Limits(max_bytes=uploads.MB, max_rows=2)
    assert len(uploads.read_table("a.csv", b"h\n1\n2\n", limits)) == 3
    with pytest.raises(uploads.UploadRefused, match=r"a\.csv has more than 2 rows"):
        uploads.read_table("a.csv", b"h\n1\n2\n3\n", limits)
    with pytest.raises(uploads.UploadRefused, match=r"a\.xlsx has more than 2 rows"):
        uploads.read_table("a.xlsx", workbook(4), limits)
    with pytest.raises(uploads.UploadRefused, match="must be smaller than 1 MB"):
        uploads.read_table("a.csv", b"x" * (uploads.MB + 1), limits)
    # A cell as long as the file may be is read whole (the importer then names that row and
    # column if the cell is too long for it), rather than refusing the whole file.
    assert uploads.read_table("a.csv", b'"' + b"x" * 200_000 + b'"\n', limits) == [["x" * 200_000]]


def office(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


GOOD_PAPERS = {
    "paper.pdf": b"%PDF-1.7\n...",
    "paper.docx": office({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}),
    "paper.xlsx": workbook(),
    "paper.pptx": office({"ppt/presentation.xml": b"<p/>"}),
    "paper.odt": office({"mimetype": uploads.ODT_MIMETYPE, "content.xml": b"<o/>"}),
    "paper.csv": "name,value\nCafé,1\n".encode(),
    "PAPER.TXT": "Minutes – agreed".encode(),
}
BAD_PAPERS = {
    "paper.pdf": b"MZ\x90\x00 an executable",
    "paper.docx": office({"xl/workbook.xml": b"<x/>"}),  # a workbook called a Word document
    "paper.xlsx": b"PK\x03\x04 broken",
    "paper.pptx": office({"word/document.xml": b"<w/>"}),
    "paper.odt": office({"content.xml": b"<o/>", "mimetype": uploads.ODT_MIMETYPE}),
    "paper.csv": "Café".encode("latin-1"),
    "paper.txt": b"text with a \x00 NUL byte",
}


@pytest.mark.parametrize("name", sorted(GOOD_PAPERS))
def test_papers_of_the_allowed_kinds_pass(name):
    uploads.check_paper(SimpleUploadedFile(name, GOOD_PAPERS[name]))


@pytest.mark.parametrize("name", sorted(BAD_PAPERS))
def test_a_paper_whose_content_is_not_its_kind_is_refused(name):
    with pytest.raises(uploads.UploadRefused, match=rf"^{name} is not a real .+ file"):
        uploads.check_paper(SimpleUploadedFile(name, BAD_PAPERS[name]))


def test_papers_of_other_kinds_or_too_big_are_refused():
    with pytest.raises(uploads.UploadRefused, match=r"^The paper must be one of: PDF, Word"):
        uploads.check_paper(SimpleUploadedFile("tool.exe", b"MZ"))
    with pytest.raises(uploads.UploadRefused, match=r"must be smaller than 20 MB"):
        uploads.check_paper(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 20 * uploads.MB))
