"""Reading and checking the CSV files of a region extract: every problem named by file, row, field."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from engineroom.system.models import OrganisationKind

ODS_PATTERNS = {
    OrganisationKind.GP_PRACTICE: re.compile(r"^[A-Z]\d{5}$"),
    OrganisationKind.PCN: re.compile(r"^U\d{5}$"),
    OrganisationKind.ICB: re.compile(r"^Q[A-Z0-9]{2}$"),
    OrganisationKind.ACUTE: re.compile(r"^R[A-Z0-9]{2}$"),
    OrganisationKind.COMMUNITY: re.compile(r"^R[A-Z0-9]{2}$"),
    OrganisationKind.MENTAL_HEALTH: re.compile(r"^R[A-Z0-9]{2}$"),
    OrganisationKind.AMBULANCE: re.compile(r"^R[A-Z0-9]{2}$"),
}
ODS_GENERIC = re.compile(r"^[A-Z0-9]{3,10}$")
FILES: dict[str, tuple[list[str], list[str]]] = {
    # file: (required columns, optional columns)
    "areas.csv": (["code", "name", "level", "parent_code", "population"], []),
    "organisations.csv": (
        ["ods_code", "name", "kind"],
        ["statutory", "foundation_trust", "cqc_rating", "parent_ods_code"],
    ),
    "footprints.csv": (["ods_code", "area_code", "start_date"], ["end_date", "coverage"]),
    "partnerships.csv": (["code", "name", "kind", "level", "area_code"], ["established"]),
    "partnership_members.csv": (["partnership_code", "ods_code", "start_date"], ["end_date"]),
    "people.csv": (["ref", "name"], ["email"]),
    "roles.csv": (
        ["role", "start_date"],
        ["person_ref", "status", "area_code", "partnership_code", "ods_code", "end_date"],
    ),
}
REQUIRED_FILES = ("areas.csv", "organisations.csv")
AREA_PARENT = {"region": None, "system": "region", "place": "system", "neighbourhood": "place"}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, {self.field}: {self.reason}"


class LoadError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was loaded")


Row = dict[str, str]


def read_csv(name: str, data: bytes, problems: list[Problem]) -> list[tuple[int, Row]]:
    """Decode and parse one file, checking its columns. Rows are numbered as a spreadsheet would."""
    required, optional = FILES[name]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(name, line, "(file)", f"not UTF-8: byte {exc.start} is 0x{data[exc.start]:02x}")
        )
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required and c not in optional]
    for c in missing:
        problems.append(Problem(name, 1, c, "required column is missing"))
    for c in unknown:
        problems.append(
            Problem(name, 1, c, f"unknown column (expected: {', '.join(required + optional)})")
        )
    if missing or unknown:
        return []
    rows = []
    for i, raw in enumerate(reader, start=2):
        if None in raw:
            problems.append(Problem(name, i, "(row)", "more values than columns"))
            continue
        rows.append((i, {k: (v or "").strip() for k, v in raw.items()}))
    return rows


class Checker:
    """Collects problems while converting one row's fields."""

    def __init__(self, name: str, problems: list[Problem]):
        self.name, self.problems = name, problems

    def fail(self, row: int, field_name: str, reason: str) -> None:
        self.problems.append(Problem(self.name, row, field_name, reason))

    def required(self, row: int, data: Row, key: str) -> str | None:
        if not data.get(key):
            self.fail(row, key, "is empty")
            return None
        return data[key]

    def date(self, row: int, data: Row, key: str, *, required: bool = True) -> dt.date | None:
        value = data.get(key, "")
        if not value:
            if required:
                self.fail(row, key, "is empty")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(row, key, f"{value!r} is not a date (YYYY-MM-DD)")
            return None

    def dates(self, row: int, data: Row) -> tuple[dt.date | None, dt.date | None]:
        start = self.date(row, data, "start_date")
        end = self.date(row, data, "end_date", required=False)
        if start and end and end < start:
            self.fail(row, "end_date", f"{end} is before start_date {start}")
        return start, end

    def choice(self, row: int, data: Row, key: str, choices, *, blank: bool = False) -> str | None:
        value = data.get(key, "")
        if blank and not value:
            return ""
        if value not in choices.values:
            self.fail(
                row, key, f"{value!r} is not one of {', '.join(v for v in choices.values if v)}"
            )
            return None
        return value

    def flag(self, row: int, data: Row, key: str) -> bool:
        value = data.get(key, "").lower()
        if value not in {"", "yes", "no", "true", "false", "y", "n", "1", "0"}:
            self.fail(row, key, f"{value!r} is not yes or no")
        return value in {"yes", "true", "y", "1"}

    def unique(self, seen: dict[str, int], row: int, key: str, value: str) -> None:
        if value in seen:
            self.fail(row, key, f"duplicate {value!r} (first on row {seen[value]})")
        else:
            seen[value] = row


def ods_problem(code: str, kind: str) -> str | None:
    if not ODS_GENERIC.match(code):
        return f"{code!r} is not an ODS code (3-10 capital letters or digits)"
    pattern = ODS_PATTERNS.get(kind)
    if pattern and not pattern.match(code):
        label = OrganisationKind(kind).label.lower()
        return f"{code!r} does not match the ODS code pattern for: {label}"
    return None
