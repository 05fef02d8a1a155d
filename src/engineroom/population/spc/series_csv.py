"""A measure over time from an analyst's CSV (columns ``date,value`` and optionally ``target``),
read strictly: any cell that does not parse stops the read with the file, row and field named,
because a silently skipped month would move every limit after it.

Rows are numbered as a spreadsheet numbers them (the header is row 1). Dates are ISO
(``YYYY-MM-DD``, or ``YYYY-MM`` for a month, read as its first day); rows may come in any order
and are sorted by date; a date may appear once. An empty target cell means no target there."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REQUIRED = ("date", "value")
FIELDS = (*REQUIRED, "target")
_MONTH = re.compile(r"\d{4}-\d{2}")


class SeriesError(ValueError):
    """The file cannot be read as a series; the message names the file, row and field."""


@dataclass(frozen=True)
class Series:
    dates: tuple[date, ...]
    values: tuple[float, ...]
    targets: tuple[float | None, ...] | None  # None when the file has no target column


def read_series(path: Path) -> Series:
    """The series in ``path``, sorted by date."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows, has_target = _parsed_rows(path, csv.reader(handle))
    except FileNotFoundError:
        raise SeriesError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SeriesError(f"{path}: is a directory, not a CSV file") from None
    except UnicodeDecodeError:
        raise SeriesError(f"{path}: not a UTF-8 text file") from None
    rows.sort(key=lambda row: row[0])
    targets = tuple(r[2] for r in rows) if has_target else None
    return Series(tuple(r[0] for r in rows), tuple(r[1] for r in rows), targets)


def _parsed_rows(path: Path, reader) -> tuple[list[tuple], bool]:
    """(date, value, target) per data row, and whether the file has a target column."""
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise SeriesError(f"{path}: empty file (expected a header row: date,value[,target])")
    columns = _columns(path, header)
    rows, seen = [], {}
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue  # a blank line is not a row of data
        row = reader.line_num
        when, value, target = _parsed(path, row, [_cell(record, columns.get(n)) for n in FIELDS])
        if when in seen:
            raise SeriesError(f"{path}, row {row}, date: {when} repeats row {seen[when]}")
        seen[when] = row
        rows.append((when, value, target))
    if not rows:
        raise SeriesError(f"{path}: no data rows after the header")
    return rows, "target" in columns


def _parsed(path: Path, row: int, cells: list[str]) -> tuple[date, float, float | None]:
    date_text, value_text, target_text = cells
    when = _date(path, row, date_text)
    value = _number(path, row, "value", value_text, required=True)
    return when, value, _number(path, row, "target", target_text)


def _columns(path: Path, header: Sequence[str]) -> dict[str, int]:
    columns = {name.strip().lower(): index for index, name in enumerate(header)}
    for name in REQUIRED:
        if name not in columns:
            found = ", ".join(repr(h) for h in header)
            raise SeriesError(f"{path}, row 1 (header): no {name!r} column (found {found})")
    return columns


def _cell(record: Sequence[str], index: int | None) -> str:
    return record[index].strip() if index is not None and index < len(record) else ""


def _date(path: Path, row: int, text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01" if _MONTH.fullmatch(text) else text)
    except ValueError:
        shown = repr(text) if text else "empty"
        raise SeriesError(f"{path}, row {row}, date: {shown} is not a date (YYYY-MM-DD)") from None


def _number(path: Path, row: int, field: str, text: str, *, required: bool = False) -> float | None:
    if not text and not required:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        shown = repr(text) if text else "empty"
        raise SeriesError(f"{path}, row {row}, {field}: {shown} is not a number")
    return number


def rebase_indices(dates: Sequence[date], rebase: Iterable[date]) -> list[int]:
    """The index where each recalculation starts: the first point on or after its date. A date
    after the last point cannot start a segment, so it is refused rather than dropped."""
    indices = []
    for when in rebase:
        index = next((i for i, d in enumerate(dates) if d >= when), None)
        if index is None:
            last = dates[-1] if dates else "none"
            raise SeriesError(f"--rebase {when}: no point on or after it (last date {last})")
        indices.append(index)
    return indices
