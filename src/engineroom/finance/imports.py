"""Monthly returns from XLSX or CSV: check every row, preview, then import in one transaction.

Columns (header row, any order, case-insensitive): ``month``, ``category``, ``income``,
``expenditure``, ``forecast_income``, ``forecast_expenditure`` and optionally ``risk``. Amounts
are pounds (``£`` and commas allowed; none negative, none over £10 billion); months are 1-12 (1 = April), names or ``YYYY-MM``. A file
with any bad row saves nothing; a good one replaces the lines of the months it contains (the
writes are ``actions.stage_return`` and ``actions.import_return``).
"""

from __future__ import annotations

from dataclasses import dataclass

from engineroom.finance.models import Category
from engineroom.web import periods, uploads
from engineroom.web.forms import parse_money

AMOUNTS = ("income", "expenditure", "forecast_income", "forecast_expenditure", "risk")
REQUIRED = ("month", "category", *AMOUNTS[:4])
MAX_PROBLEMS = 200  # shown on the page; a file with more is far from ready
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
    """Rows of a CSV or XLSX file as dicts keyed by lower-case header, within the upload limits
    (``web.uploads.IMPORT``); a file that cannot be read safely is refused with one problem."""
    try:
        rows = uploads.read_table(name, content, uploads.IMPORT)
    except uploads.UploadRefused as error:
        raise ImportRefused([Problem("–", "file", str(error))]) from None
    rows = [row for row in rows if any(v not in (None, "") for v in row)]
    if not rows:
        return []
    header = [_key(str(h or "")) for h in rows[0]]
    return [{h: _cell(row, i) for i, h in enumerate(header) if h} for row in rows[1:]]


def _cell(row: list, index: int) -> str:
    value = row[index] if index < len(row) else None
    return "" if value is None else str(value).strip()


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
                text = (row.get(name) or "0") if name == "risk" else row[name]
                out[name] = parse_money(text, min_pence=0)
            except ValueError as error:
                bad.append(Problem(number, name, str(error)))
        key = (out.get("month"), out.get("category"))
        if not bad and key in seen:
            bad.append(Problem(number, "category", f"Repeats row {seen[key]} for this month"))
        seen.setdefault(key, number)
        problems += bad
        checked.append(out)
    if problems:
        raise ImportRefused(shown(problems))
    return checked


def shown(problems: list[Problem]) -> list[Problem]:
    """The first ``MAX_PROBLEMS``, and a line saying how many more there are."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem("–", "file", f"And {more:,} more problems")]
