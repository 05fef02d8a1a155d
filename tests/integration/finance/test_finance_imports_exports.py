"""Monthly returns imported from CSV/XLSX with preview and per-row errors; XLSX and PDF exports."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from engineroom.audit.models import AuditEvent
from engineroom.finance.models import ImportBatch, ReturnLine
from engineroom.web import periods

MAIN = "vale-downs"
YEAR = periods.year_of(dt.date.today())
HEADER = "month,category,income,expenditure,forecast_income,forecast_expenditure,risk\n"


def upload(client, name: str, content: bytes, ods="RZ1"):
    url = reverse("finance:import", args=[MAIN, YEAR, ods])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_a_file_with_bad_rows_saves_nothing_and_names_row_and_field(client_for):
    client = client_for("finance")
    before = ReturnLine.objects.count()
    content = (
        HEADER + "April,acute,1000,900,12000,11000,0\n"
        "Smarch,acute,1000,900,12000,11000,0\n"
        "May,dentistry,1000,9x0,12000,11000,\n"
    ).encode()
    page = upload(client, "return.csv", content)
    problems = {(p.row, p.field) for p in page.context["problems"]}
    assert problems == {(3, "month"), (4, "category"), (4, "expenditure")}
    assert b"nhsuk-error-summary" in page.content and b'id="problems"' in page.content
    assert ReturnLine.objects.count() == before and not ImportBatch.objects.exists()


def test_a_good_csv_is_previewed_then_imported_and_audited(client_for):
    client = client_for("finance")
    content = (
        HEADER + '1,acute,"£1,000.50",900,12000,11000,25\n1,corporate,0,100,0,1200,\n'
    ).encode()
    response = upload(client, "return.csv", content)
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.context["batch"].rows[0]["income"] == 100_050
    first = ReturnLine.objects.filter(plan__organisation__ods_code="RZ1", plan__year=YEAR, month=1)
    assert 100_050 not in {line.income_pence for line in first}, "nothing saved before confirming"
    client.post(response.url, {"action": "import"})
    lines = ReturnLine.objects.filter(plan__organisation__ods_code="RZ1", plan__year=YEAR, month=1)
    assert {(line.category, line.income_pence) for line in lines} == {
        ("acute", 100_050),
        ("corporate", 0),
    }
    assert AuditEvent.objects.filter(action="finance.return_imported").exists()
    again = client.post(response.url, {"action": "import"}, follow=True)
    assert b"already been imported" in again.content


def test_an_xlsx_return_is_read(client_for):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["June", "Acute care", 500, 400.25, 6000, 5000, None])
    out = io.BytesIO()
    book.save(out)
    response = upload(client_for("finance"), "return.xlsx", out.getvalue())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert batch.rows == [
        {"month": 3, "category": "acute", "income": 50_000, "expenditure": 40_025,
         "forecast_income": 600_000, "forecast_expenditure": 500_000, "risk": 0}
    ]  # fmt: skip


def test_another_partners_pending_file_is_not_shown(client_for, main_system):
    client = client_for("finance")
    upload(client, "return.csv", (HEADER + "1,acute,1,1,1,1,1\n").encode())
    batch = ImportBatch.objects.get()
    assert (
        client_for("system_leader")
        .get(reverse("finance:import-preview", args=[MAIN, YEAR, batch.pk]))
        .status_code
        == 403
    )


def test_the_workbook_reconciles_with_the_page(client_for):
    client = client_for("system_leader")
    response = client.get(reverse("finance:export", args=[MAIN, YEAR]))
    book = load_workbook(io.BytesIO(response.content))
    assert {"Position", "System by month", "Transfers", "Pooled budget risk shares"} <= set(
        book.sheetnames
    )
    rows = list(book["Position"].iter_rows(values_only=True))
    position = client.get(reverse("finance:position", args=[MAIN, YEAR])).context["position"]
    assert rows[-1][1] == "System (NHS partners)"
    assert round(rows[-1][2] * 100) == position.control_total


def test_the_board_report_is_html_and_pdf(client_for):
    client = client_for("system_leader")
    html = client.get(reverse("finance:report", args=[MAIN, YEAR]))
    assert b'id="report-partners"' in html.content
    pdf = client.get(reverse("finance:report-pdf", args=[MAIN, YEAR]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
