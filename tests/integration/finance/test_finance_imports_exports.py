"""Monthly returns imported from CSV/XLSX with preview and per-row errors; XLSX and PDF exports."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from engineroom.audit.models import AuditEvent
from engineroom.finance.models import ImportBatch, ReturnLine
from factories.finance import YEAR

HEADER = "month,category,income,expenditure,forecast_income,forecast_expenditure,risk\n"


@pytest.fixture
def own_client(signed_in, world, finance_of):
    """Signed in as the finance team of ``world.surplus``."""
    return signed_in(finance_of(world.surplus))


def upload(client, world, name: str, content: bytes):
    url = reverse("finance:import", args=[world.system.code, YEAR, world.surplus.ods_code])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_a_file_with_bad_rows_saves_nothing_and_names_row_and_field(own_client, world):
    before = ReturnLine.objects.count()
    content = (
        HEADER + "April,acute,1000,900,12000,11000,0\n"
        "Smarch,acute,1000,900,12000,11000,0\n"
        "May,dentistry,1000,9x0,12000,11000,\n"
    ).encode()
    page = upload(own_client, world, "return.csv", content)
    problems = {(p.row, p.field) for p in page.context["problems"]}
    assert problems == {(3, "month"), (4, "category"), (4, "expenditure")}
    assert b"nhsuk-error-summary" in page.content and b'id="problems"' in page.content
    assert ReturnLine.objects.count() == before and not ImportBatch.objects.exists()


def test_a_good_csv_is_previewed_then_imported_and_audited(own_client, world):
    client = own_client
    content = (
        HEADER + '1,acute,"£1,000.50",900,12000,11000,25\n1,corporate,0,100,0,1200,\n'
    ).encode()
    response = upload(client, world, "return.csv", content)
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.context["batch"].rows[0]["income"] == 100_050
    plan = world.plan(world.surplus)
    first = ReturnLine.objects.filter(plan=plan, month=1)
    assert 100_050 not in {line.income_pence for line in first}, "nothing saved before confirming"
    batch = preview.context["batch"]
    assert AuditEvent.objects.get(action="finance.return_staged").subject == (
        f"finance.importbatch:{batch.pk}"
    )
    client.post(response.url, {"action": "import"})
    lines = ReturnLine.objects.filter(plan=plan, month=1)
    assert {(line.category, line.income_pence) for line in lines} == {
        ("acute", 100_050),
        ("corporate", 0),
    }
    imported = AuditEvent.objects.get(action="finance.return_imported")
    assert imported.subject == f"finance.importbatch:{batch.pk}"
    assert imported.details["plan"] == f"finance.plan:{plan.pk}"
    again = client.post(response.url, {"action": "import"}, follow=True)
    assert b"already been imported" in again.content


def test_a_discarded_file_changes_nothing_and_is_audited(own_client, world):
    before = ReturnLine.objects.count()
    response = upload(own_client, world, "return.csv", (HEADER + "1,acute,1,1,1,1,1\n").encode())
    page = own_client.post(response.url, {"action": "discard"}, follow=True)
    assert b"nothing was imported" in page.content
    assert ImportBatch.objects.get().status == ImportBatch.Status.DISCARDED
    assert ReturnLine.objects.count() == before
    assert AuditEvent.objects.filter(action="finance.return_discarded").exists()


def test_an_xlsx_return_is_read(own_client, world):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["June", "Acute care", 500, 400.25, 6000, 5000, None])
    out = io.BytesIO()
    book.save(out)
    response = upload(own_client, world, "return.xlsx", out.getvalue())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert batch.rows == [
        {
            "month": 3,
            "category": "acute",
            "income": 50_000,
            "expenditure": 40_025,
            "forecast_income": 600_000,
            "forecast_expenditure": 500_000,
            "risk": 0,
        }
    ]


def test_another_partners_pending_file_is_not_shown(own_client, world, signed_in, member):
    upload(own_client, world, "return.csv", (HEADER + "1,acute,1,1,1,1,1\n").encode())
    batch = ImportBatch.objects.get()
    url = reverse("finance:import-preview", args=[world.system.code, YEAR, batch.pk])
    assert signed_in(member("system_leader")).get(url).status_code == 403


def test_the_workbook_reconciles_with_the_page(signed_in, member, world):
    client = signed_in(member("system_leader"))
    response = client.get(reverse("finance:export", args=[world.system.code, YEAR]))
    book = load_workbook(io.BytesIO(response.content))
    assert {"Position", "System by month", "Transfers", "Pooled budget risk shares"} <= set(
        book.sheetnames
    )
    rows = list(book["Position"].iter_rows(values_only=True))
    page = client.get(reverse("finance:position", args=[world.system.code, YEAR]))
    position = page.context["position"]
    assert rows[-1][1] == "System (NHS partners)"
    assert round(rows[-1][2] * 100) == position.control_total
    assert round(rows[-1][3] * 100) == position.forecast
    sheet = book["Position"]
    assert sheet.auto_filter.ref and sheet["C2"].number_format.startswith('"£"')


def test_the_board_report_is_html_and_pdf(signed_in, member, world):
    client = signed_in(member("system_leader"))
    html = client.get(reverse("finance:report", args=[world.system.code, YEAR]))
    assert b'id="report-partners"' in html.content
    assert "(£7,000,000)" in html.content.decode(), "negatives in brackets"
    pdf = client.get(reverse("finance:report-pdf", args=[world.system.code, YEAR]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
