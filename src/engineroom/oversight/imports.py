"""Reading a monthly statistics file: one row per system, measure and month, every problem
named by row and field. The format (``docs/oversight.md``):

    system_code,measure_code,month,numerator,denominator,value
    vale-downs,ae_4h,2026-09,14873,19750,75.3

``value`` is what is charted (a percentage as 75.3, minutes, a count, pounds); numerator and
denominator are optional and, when both are given, must agree with a percentage value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from engineroom.oversight.catalogue import measures

COLUMNS = ("system_code", "measure_code", "month", "numerator", "denominator", "value")
REQUIRED = ("system_code", "measure_code", "month", "value")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_FIRST_OF_MONTH = re.compile(r"^(\d{4})-(\d{2})-01$")  # a date cell on the first of the month
_NUMBER = re.compile(
    r"^(?=[-+]?\.?[0-9])[-+]?([0-9]{1,3}(,[0-9]{3})+|[0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"
)  # ASCII digits, at least one; thousands commas; ".5"; an exponent
UNIT_WORDS = {"count": "a count", "minutes": "a time in minutes"}
LARGEST = 1e12  # no monthly statistic of a system comes near a trillion
AGREE_WITHIN = 0.05  # percentage points between value and 100 x numerator / denominator


@dataclass(frozen=True)
class Problem:
    row: int  # the file's row number, the header being row 1
    field: str
    message: str
    raw: tuple = ()

    def as_json(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message, "raw": self.raw}


@dataclass(frozen=True)
class Row:
    number: int
    system_code: str
    measure: str
    month: dt.date
    value: float
    numerator: float | None
    denominator: float | None


class Refused(ValueError):
    """The file as a whole cannot be read (no header, a required column missing)."""


def header_index(header: list) -> dict[str, int]:
    names = [str(h or "").strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise Refused(
            f"row 1: the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'} missing "
            f"(expected {','.join(COLUMNS)})"
        )
    return {c: names.index(c) for c in COLUMNS if c in names}


def _number(text: str, field: str, *, optional: bool) -> float | None:
    """A plain number (thousands commas allowed, as spreadsheets write them), finite and within
    ``LARGEST``: anything else is a problem, not a guess (``7,5`` is not 75)."""
    if text == "" and optional:
        return None
    if not _NUMBER.match(text):
        raise ValueError(f"{text!r} is not a number")
    value = float(text.replace(",", ""))
    if not math.isfinite(value) or abs(value) > LARGEST:
        raise ValueError(f"{text!r} is not a number of a sensible size")
    return value


def _month(text: str) -> dt.date:
    match = _MONTH.match(text) or _FIRST_OF_MONTH.match(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"{text!r} is not a month like 2026-09")
    return dt.date(int(match[1]), int(match[2]), 1)


def _cell(value) -> str:
    """A cell as text; a spreadsheet's date cell (Excel turns 2026-09 into one) as its date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value).strip()


def _cells(raw: list, index: dict[str, int]) -> dict[str, str]:
    return {c: _cell(raw[i] if i < len(raw) else None) for c, i in index.items()}


def parse_row(number: int, raw: list, index: dict[str, int], systems: set[str]) -> Row:
    """One row, or ``Problem`` raised as ``RowProblem`` naming the first bad field."""
    cells = _cells(raw, index)
    field = "system_code"
    try:
        if cells["system_code"] not in systems:
            raise ValueError(f"{cells['system_code']!r} is not a system you may load")
        field = "measure_code"
        measure = measures().get(cells["measure_code"])
        if measure is None:
            raise ValueError(f"{cells['measure_code']!r} is not a measure of the catalogue")
        if measure.computed:
            raise ValueError(f"{measure.code!r} comes from {measure.source_text.lower()}")
        field = "month"
        month = _month(cells["month"])
        parts = {}
        for field in ("numerator", "denominator", "value"):
            parts[field] = _number(cells.get(field, ""), field, optional=field != "value")
        _check(measure.unit, parts)
    except ValueError as error:
        raise RowProblem(Problem(number, field, str(error), tuple(map(_cell, raw)))) from None
    return Row(number, cells["system_code"], measure.code, month, **parts)


def _check(unit: str, parts: dict) -> None:
    value, top, bottom = parts["value"], parts["numerator"], parts["denominator"]
    if unit == "percent" and not 0 <= value <= 100:
        raise ValueError(f"{value} is not a percentage between 0 and 100")
    if unit in ("count", "minutes") and value < 0:
        raise ValueError(f"{value} is negative: {UNIT_WORDS[unit]} cannot be")
    if top is not None and bottom is not None:
        if bottom <= 0 or top < 0 or top > bottom:
            raise ValueError("numerator and denominator do not make a proportion")
        if unit == "percent" and abs(100 * top / bottom - value) > AGREE_WITHIN:
            raise ValueError(f"{value} does not agree with numerator / denominator")


class RowProblem(ValueError):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.message)


def parse(rows: list[list], systems: set[str]) -> tuple[list[Row], list[Problem]]:
    """Every data row accepted or a problem; a repeat of a (system, measure, month) is a problem
    on its second row. Raises ``Refused`` when the header is unusable."""
    if not rows:
        raise Refused("the file is empty")
    index = header_index(rows[0])
    accepted, problems, seen = [], [], {}
    for number, raw in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in raw):
            continue
        try:
            row = parse_row(number, raw, index, systems)
        except RowProblem as error:
            problems.append(error.problem)
            continue
        key = (row.system_code, row.measure, row.month)
        if key in seen:
            message = f"repeats row {seen[key]} (same system, measure and month)"
            problems.append(Problem(number, "month", message, tuple(map(_cell, raw))))
            continue
        seen[key] = number
        accepted.append(row)
    return accepted, problems
