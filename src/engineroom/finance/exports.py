"""Exports: the finance workbook (XLSX, amounts in pounds) and the board report as PDF."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from engineroom.finance import leftshift, pools
from engineroom.finance.models import Pool, Transfer
from engineroom.finance.money import pence_to_pounds
from engineroom.finance.position import position
from engineroom.system.models import System
from engineroom.web import periods

MONEY = "#,##0.00;[Red]-#,##0.00"


def _sheet(
    book: Workbook, title: str, header: list[str], rows: list[list], first_money: int = 2
) -> None:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_money(v) if i >= first_money else v for i, v in enumerate(row)])
    for column in sheet.iter_cols(min_row=2, min_col=first_money + 1):
        for cell in column:
            if not isinstance(cell.value, str):
                cell.number_format = MONEY
    sheet.freeze_panes = "A2"


def _money(value):
    is_pence = isinstance(value, int) and not isinstance(value, bool)
    return pence_to_pounds(value) if is_pence else value


def workbook(system: System, year: int) -> bytes:
    current = position(system, year)
    book = Workbook()
    book.remove(book.active)
    header = ["ODS code", "Partner", "Control total", "Forecast outturn", "Variance",
              "Agreed transfers", "After transfers", "Risk", "Year-to-date plan",
              "Year-to-date actual"]  # fmt: skip
    rows = [
        [p.organisation.ods_code, p.organisation.name, p.control_total, p.forecast, p.variance,
         p.transferred, p.after_transfers, p.risk, p.ytd_plan, p.ytd_actual]
        for p in current.partners
    ]  # fmt: skip
    rows.append(["", "System (NHS partners)", current.control_total, current.forecast,
                 current.variance, 0, current.forecast + sum(p.transferred for p in current.partners),
                 current.total("risk"), current.total("ytd_plan"), current.total("ytd_actual")])  # fmt: skip
    _sheet(book, "Position", header, rows)
    _sheet(book, "Councils (outside total)", header, [
        [p.organisation.ods_code, p.organisation.name, p.control_total, p.forecast, p.variance,
         p.transferred, p.after_transfers, p.risk, p.ytd_plan, p.ytd_actual]
        for p in current.councils
    ])  # fmt: skip
    _sheet(book, "System by month", ["Month", "Year-to-date plan", "Year-to-date actual",
                                      "Forecast outturn", "Risk"], [
        [periods.month_label(year, m.month), m.ytd_plan, m.ytd_actual, m.forecast, m.risk]
        for m in current.months
    ], first_money=1)  # fmt: skip
    transfers = Transfer.objects.filter(round__system=system, round__year=year).select_related(
        "giver", "receiver"
    )
    _sheet(book, "Transfers", ["Round", "From", "To", "Amount", "Status", "Why"], [
        [t.round_id, t.giver.name, t.receiver.name, t.amount_pence, t.get_status_display(),
         t.explanation]
        for t in transfers
    ], first_money=3)  # fmt: skip
    trend = leftshift.system_trend(system)
    sectors = leftshift.sectors(trend)
    _sheet(book, "Spend by sector", ["Year", *[label for _, label in sectors]], [
        [periods.year_label(y.year), *[y.by_sector.get(s, 0) for s, _ in sectors]] for y in trend
    ], first_money=1)  # fmt: skip
    _pools_sheet(book, system, year)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pools_sheet(book: Workbook, system: System, year: int) -> None:
    rows = []
    for pool in Pool.objects.filter(system=system, year=year):
        allocation = pools.pool_allocation(pool)
        for name, amount in allocation.borne.items():
            rows.append([pool.name, pool.get_rule_display(), name, amount])
        if allocation.contingency_used:
            rows.append(
                [pool.name, pool.get_rule_display(), "Contingency pot", allocation.contingency_used]
            )
    _sheet(
        book, "Pooled budget risk shares", ["Pool", "Rule", "Bears", "Amount"], rows, first_money=3
    )


def pdf(html: str, *, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
