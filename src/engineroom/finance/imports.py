"""Monthly returns from XLSX or CSV: check every row, preview, then import in one transaction.

Columns (header row, any order, case-insensitive): ``month``, ``category``, ``income``,
``expenditure``, ``forecast_income``, ``forecast_expenditure`` and optionally ``risk``. Amounts
are pounds (``£`` and commas allowed); months are 1-12 (1 = April), names or ``YYYY-MM``. A file
with any bad row saves nothing; a good one replaces the lines of the months it contains (the
writes are ``actions.stage_return`` and ``actions.import_return``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from engineroom.finance.models import Category
from engineroom.finance.money import parse_pounds
from engineroom.web import periods

AMOUNTS = ("income", "expenditure", "forecast_income", "forecast_expenditure", "risk")
REQUIRED = ("month", "category", *AMOUNTS[:4])
CATEGORY_BY_TEXT = {
    **{c.value: c.value for c in Category},
    **{c.label.lower(): c.value for c in Category},
}


@dataclass(frozen=True)
class Problem:
    row: int | str
    field: str
    reason: str


class ImportRefused(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def read_table(name: str, content: bytes) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts keyed by lower-case header."""
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    if not name.lower().endswith(".csv"):
        raise ImportRefused([Problem("–", "file", "Choose a .csv or .xlsx file")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([Problem("–", "file", "The CSV file must be UTF-8 text")]) from None
    reader = csv.DictReader(io.StringIO(text))
    return [{_key(k): (v or "").strip() for k, v in row.items() if k} for row in reader]


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        raise ImportRefused(
            [Problem("–", "file", "The file is not a readable XLSX workbook")]
        ) from None
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    header = [_key(str(h or "")) for h in rows[0]]
    return [
        {h: "" if v is None else str(v).strip() for h, v in zip(header, row, strict=False) if h}
        for row in rows[1:]
        if any(v not in (None, "") for v in row)
    ]


def _key(header: str) -> str:
    return header.strip().lower().replace(" ", "_")


def check(rows: list[dict[str, str]], year: int) -> list[dict]:
    """Checked rows (pence) or ImportRefused naming every bad row and field."""
    problems, checked, seen = [], [], {}
    if not rows:
        raise ImportRefused([Problem("–", "file", "The file has no rows under its header")])
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        raise ImportRefused([Problem(1, c, "This column is missing") for c in missing])
    for number, row in enumerate(rows, start=2):
        out, bad = {}, []
        try:
            out["month"] = periods.parse_month_in_year(row["month"], year)
        except ValueError as error:
            bad.append(Problem(number, "month", str(error)))
        out["category"] = CATEGORY_BY_TEXT.get(row["category"].strip().lower())
        if out["category"] is None:
            bad.append(Problem(number, "category", f"'{row['category']}' is not a category"))
        for name in AMOUNTS:
            try:
                out[name] = (
                    parse_pounds(row.get(name) or "0")
                    if name == "risk"
                    else parse_pounds(row[name])
                )
            except ValueError as error:
                bad.append(Problem(number, name, str(error)))
        key = (out.get("month"), out.get("category"))
        if not bad and key in seen:
            bad.append(Problem(number, "category", f"Repeats row {seen[key]} for this month"))
        seen.setdefault(key, number)
        problems += bad
        checked.append(out)
    if problems:
        raise ImportRefused(problems)
    return checked
