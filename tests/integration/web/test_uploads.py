"""Uploads through real pages: a zip bomb, a huge CSV, a corrupt workbook or a file of the wrong
kind is a message on the form (naming the file), nothing is saved, and never a 500."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engineroom.finance.models import ImportBatch as ReturnBatch
from engineroom.governance.models import Paper
from engineroom.programmes.models import ImportBatch
from engineroom.web import uploads
from factories.finance import YEAR, PlanFactory
from factories.governance import AgendaItemFactory, BodyFactory, MeetingFactory
from factories.system import organisation_in

pytestmark = pytest.mark.django_db


def workbook_bomb(unzipped_mb: int = 60) -> bytes:
    """A small XLSX whose sheet unzips to ``unzipped_mb`` MB (the measured bomb was 0.47 MB)."""
    from openpyxl import Workbook

    plain = io.BytesIO()
    Workbook().save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * unzipped_mb * 2**20)
            target.writestr(entry.filename, data)
    return out.getvalue()


def csv_of(rows: int, width: int = 1) -> bytes:
    return b"programme_code,ref\n" + b"stroke,R1" * width + b"\n" + b"stroke,R2\n" * rows


@pytest.fixture
def programmes_upload(member, signed_in, system):
    client = signed_in(member("pmo"))
    url = reverse("programmes:import", args=[system.code])

    def post(name: str, content: bytes):
        file = SimpleUploadedFile(name, content)
        return client.post(url, {"kind": "risks", "file": file})

    return post


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.xlsx", workbook_bomb(), "bomb.xlsx is too big to read once unzipped"),
        ("big.csv", csv_of(10, width=600_000), "big.csv must be smaller than 5 MB"),
        ("long.csv", csv_of(10_001), "long.csv has more than 10,000 rows"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 64, "broken.xlsx is not a readable XLSX"),
        ("notes.txt", b"programme_code\n", "notes.txt must be a CSV or XLSX file"),
    ],
)
def test_a_programme_import_refuses_unsafe_files_on_the_form(
    programmes_upload, name, content, message
):
    response = programmes_upload(name, content)
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()


def test_a_monthly_return_refuses_a_zip_bomb_and_negative_spend(member, signed_in, system):
    partner = organisation_in(system, kind="acute")
    PlanFactory(system=system, organisation=partner)
    client = signed_in(member("finance", organisation=partner))
    url = reverse("finance:import", args=[system.code, YEAR, partner.ods_code])
    bomb = SimpleUploadedFile("return.xlsx", workbook_bomb())
    refused = client.post(url, {"file": bomb})
    assert "return.xlsx is too big" in refused.context["form"].errors["file"][0]
    header = b"month,category,income,expenditure,forecast_income,forecast_expenditure\n"
    spend = SimpleUploadedFile("return.csv", header + b"1,acute,5,-5,--5,1e308\n")
    problems = client.post(url, {"file": spend}).context["problems"]
    assert [(p.field, p.reason) for p in problems] == [
        ("expenditure", "Enter an amount of £0 or more"),
        ("forecast_income", "Enter an amount in pounds, like 45,000 or 45000.50"),
        ("forecast_expenditure", "Enter an amount in pounds, like 45,000 or 45000.50"),
    ]
    assert not ReturnBatch.objects.exists()


def _one_page_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def test_a_board_paper_is_checked_by_content_as_well_as_name(member, signed_in, system):
    meeting = MeetingFactory(body=BodyFactory(system=system))
    item = AgendaItemFactory(meeting=meeting)
    client = signed_in(member("governance"))
    url = reverse("governance:paper-add", args=[system.code, meeting.pk, item.pk])

    def add(name: str, content: bytes):
        return client.post(url, {"title": "Paper", "file": SimpleUploadedFile(name, content)})

    disguised = add("paper.pdf", b"MZ\x90\x00 an executable")
    assert disguised.context["form"].errors["file"] == [
        "paper.pdf is not a real PDF file. Save it again as PDF, or choose another file"
    ]
    assert (
        add("tool.exe", b"MZ")
        .context["form"]
        .errors["file"][0]
        .startswith("The paper must be one of: PDF")
    )
    assert not Paper.objects.exists()
    assert add("paper.pdf", b"%PDF-1.7\n%%EOF").context["form"].errors["file"]  # unreadable
    assert add("paper.pdf", _one_page_pdf()).status_code == 302
    assert Paper.objects.get().file.name.endswith(".pdf")


def test_the_organisation_loader_takes_several_files_each_within_the_limits(
    member, signed_in, system
):
    client = signed_in(member("data_manager"))
    url = reverse("feeds:load", args=[system.code])
    files = [
        SimpleUploadedFile("areas.csv", b"code,name\n"),
        SimpleUploadedFile("organisations.csv", b"ods_code,name\n"),
    ]
    page = client.post(url, {"files": files})
    assert page.status_code == 200
    assert {p.file for p in page.context["problems"]} == {"areas.csv", "organisations.csv"}
    many = b"ods_code,name,kind\n" + b"X\n" * (uploads.EXTRACT.max_rows + 1)
    too_long = client.post(url, {"files": [SimpleUploadedFile("organisations.csv", many)]})
    assert too_long.context["form"].errors["files"] == [
        "organisations.csv has more than 100,000 rows. Split it into smaller files"
    ]
    nothing = client.post(url, {})
    assert nothing.context["form"].errors["files"] == ["Choose the CSV files of the extract"]
