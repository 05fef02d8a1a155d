"""The one export path: XLSX, CSV, PDF and calendar downloads, and the HTTP response for each.

Every cell is safe from formula injection (text starting ``= + - @`` or a control character is
written as text with a leading apostrophe); money goes in as integer pence and comes out as pounds
with a money format; identifiable downloads are sent ``Cache-Control: no-store``.
"""

from __future__ import annotations

import csv as csv_module
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# The print rules every paper shares (A4, running header and footer, tables); an app's own
# stylesheet comes after it: ``downloads.pdf(..., stylesheets=[PAPER_CSS, OWN_CSS])``.
PAPER_CSS = Path(__file__).parent / "templates" / "web" / "paper.css"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = '"£"#,##0.00;[Red]("£"#,##0.00)'
DATE_FORMAT = "d mmm yyyy"
PERCENT_FORMAT = "0.0%"
_RISKY = ("=", "+", "-", "@", "\t", "\r", "\n")
_WIDEST = 60


@dataclass(frozen=True)
class Column:
    """A column of a sheet. ``kind``: text, number, money (integer pence), date or percent.

    For templates people fill in, ``choices`` makes an XLSX drop-down list and ``minimum`` a
    number at least that; both are Excel data validation with ``help`` as the error message.
    """

    header: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    minimum: int | Decimal | None = None
    help: str = ""


@dataclass
class Sheet:
    """``input_rows``: how many rows under the header the columns' validation covers (at least
    the rows written), for templates to fill in."""

    title: str
    columns: Sequence[Column | str]
    rows: Iterable[Sequence] = field(default_factory=list)
    input_rows: int = 0


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes | str
    content_type: str
    identifiable: bool = False
    inline: bool = False


def safe_text(value):
    """Text that a spreadsheet will not run as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(_RISKY):
        return "'" + value
    return value


def _column(column: Column | str) -> Column:
    return column if isinstance(column, Column) else Column(column)


def _cell_value(value, kind: str):
    if value is None:
        return None
    if kind == "money" and isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value) / 100
    return safe_text(value)


def _write_sheet(book: Workbook, sheet: Sheet) -> None:
    columns = [_column(c) for c in sheet.columns]
    ws = book.create_sheet(sheet.title[:31])
    ws.append([safe_text(c.header) for c in columns])
    widths = [len(c.header) for c in columns]
    for row in sheet.rows:
        ws.append([_cell_value(v, c.kind) for v, c in zip(row, columns, strict=False)])
        for index, value in enumerate(list(row)[: len(widths)]):
            widths[index] = max(widths[index], len("" if value is None else str(value)))
    _style(ws, columns, widths)
    _validate(ws, columns, max(sheet.input_rows, ws.max_row - 1))


def _validate(ws, columns: list[Column], rows: int) -> None:
    """Excel data validation on rows 2..rows+1 of each column with ``choices`` or ``minimum``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if rows <= 0:
        return
    for index, column in enumerate(columns, start=1):
        if column.choices:
            rule = DataValidation(type="list", formula1=f'"{",".join(column.choices)}"')
        elif column.minimum is not None:
            rule = DataValidation(
                type="decimal", operator="greaterThanOrEqual", formula1=str(column.minimum)
            )
        else:
            continue
        rule.allow_blank, rule.showErrorMessage = True, True
        rule.errorTitle, rule.error = column.header[:32], (column.help or column.header)[:255]
        letter = get_column_letter(index)
        rule.add(f"{letter}2:{letter}{rows + 1}")
        ws.add_data_validation(rule)


def _style(ws, columns: list[Column], widths: list[int]) -> None:
    formats = {"money": MONEY_FORMAT, "date": DATE_FORMAT, "percent": PERCENT_FORMAT}
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = min(widths[index - 1] + 3, _WIDEST)
        if column.kind in formats:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = formats[column.kind]
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = ws.dimensions


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """An XLSX workbook: header bold and frozen, autofilter, widths fitted, formats by column."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write_sheet(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx(filename: str, sheets: Iterable[Sheet], *, identifiable: bool = False) -> Download:
    return Download(filename, workbook_bytes(sheets), XLSX_TYPE, identifiable=identifiable)


def csv_text(columns: Sequence[Column | str], rows: Iterable[Sequence]) -> str:
    """CSV with a header row; money columns in pounds, every text cell formula-safe."""
    kinds = [_column(c).kind for c in columns]
    out = io.StringIO()
    writer = csv_module.writer(out)
    writer.writerow([safe_text(_column(c).header) for c in columns])
    for row in rows:
        writer.writerow([_csv_value(v, k) for v, k in zip(row, kinds, strict=False)])
    return out.getvalue()


def _csv_value(value, kind: str):
    value = _cell_value(value, kind)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def csv(
    filename: str,
    columns: Sequence[Column | str],
    rows: Iterable[Sequence],
    *,
    identifiable: bool = False,
) -> Download:
    return Download(
        filename, csv_text(columns, rows), "text/csv; charset=utf-8", identifiable=identifiable
    )


def render_pdf_document(html: str, *, base_url: str, stylesheets: Sequence[Path] = ()):
    """HTML laid out by WeasyPrint (imported here: it is slow to import): the one place that
    calls it. The document's ``pages`` (with their anchors) are there to read before
    ``write_pdf()`` gives the bytes, for a PDF assembled further (the board pack)."""
    from weasyprint import CSS, HTML

    sheets = [CSS(filename=str(path)) for path in stylesheets]
    return HTML(string=html, base_url=base_url).render(stylesheets=sheets)


def pdf_bytes(html: str, *, base_url: str, stylesheets: Sequence[Path] = ()) -> bytes:
    """A PDF from HTML with WeasyPrint."""
    return render_pdf_document(html, base_url=base_url, stylesheets=stylesheets).write_pdf()


def pdf_file(
    filename: str, content: bytes, *, identifiable: bool = False, inline: bool = False
) -> Download:
    """A PDF already made (rendered here, then assembled) as a download."""
    return Download(filename, content, "application/pdf", identifiable=identifiable, inline=inline)


def pdf(
    filename: str,
    html: str,
    *,
    base_url: str,
    stylesheets: Sequence[Path] = (),
    identifiable: bool = False,
    inline: bool = False,
) -> Download:
    content = pdf_bytes(html, base_url=base_url, stylesheets=stylesheets)
    return pdf_file(filename, content, identifiable=identifiable, inline=inline)


def response(download: Download) -> HttpResponse:
    """The HTTP response for a download; identifiable files are never cached."""
    result = HttpResponse(download.content, content_type=download.content_type)
    disposition = "inline" if download.inline else "attachment"
    result["Content-Disposition"] = f'{disposition}; filename="{download.filename}"'
    if download.identifiable:
        result["Cache-Control"] = "no-store"
    return result
