"""The one export path: safe cells, money from pence, fitted sheets, no-store when identifiable."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from engineroom.web import downloads
from engineroom.web.downloads import Column, Sheet


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def test_xlsx_money_in_pounds_dates_and_a_usable_sheet():
    columns = [Column("Partner"), Column("Forecast", "money"), Column("Due", "date")]
    rows = [["Vale Acute NHS Trust", -123456, dt.date(2026, 3, 31)]]
    ws = _sheet(downloads.workbook_bytes([Sheet("Position", columns, rows)]))
    assert [c.value for c in ws[1]] == ["Partner", "Forecast", "Due"]
    assert ws["B2"].value == float(Decimal("-1234.56")) and "£" in ws["B2"].number_format
    assert ws["C2"].number_format == downloads.DATE_FORMAT
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C2"
    assert ws.column_dimensions["A"].width >= len("Vale Acute NHS Trust")
    assert ws["A1"].font.bold


def test_cells_cannot_carry_formulas():
    evil = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "plain"]
    ws = _sheet(downloads.workbook_bytes([Sheet("Notes", ["Note"], [[e] for e in evil])]))
    values = [ws.cell(row=r, column=1).value for r in range(2, 2 + len(evil))]
    assert values[:5] == ["'" + e for e in evil[:5]] and values[5] == "plain"
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(2, 8))
    text = downloads.csv_text(["Note"], [[e] for e in evil])
    assert [row[0] for row in csv.reader(io.StringIO(text))][1:6] == ["'" + e for e in evil[:5]]


def test_csv_money_and_dates():
    text = downloads.csv_text(
        [Column("Amount", "money"), Column("On", "date"), "Count"],
        [[250, dt.date(2026, 4, 1), 7], [None, None, None]],
    )
    assert text.splitlines() == ["Amount,On,Count", "2.5,2026-04-01,7", ",,"]


def test_identifiable_downloads_are_never_cached():
    private = downloads.response(downloads.csv("list.csv", ["NHS number"], [], identifiable=True))
    public = downloads.response(downloads.csv("counts.csv", ["Count"], []))
    assert private["Cache-Control"] == "no-store"
    assert "Cache-Control" not in public
    assert private["Content-Disposition"] == 'attachment; filename="list.csv"'


def test_pdf_from_html():
    download = downloads.pdf(
        "pack.pdf", "<h1>Board pack</h1>", base_url="http://testserver/", inline=True
    )
    assert download.content.startswith(b"%PDF")
    assert downloads.response(download)["Content-Disposition"].startswith("inline;")
