"""XLSX workbooks for every register export: one sheet per table, a bold frozen header row."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font


def workbook(sheets: dict[str, tuple[list[str], Iterable[list]]]) -> bytes:
    """Sheets in order, titles cut to Excel's 31 characters."""
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
