"""Read a CSV feed defensively: every record becomes a row of text or an issue, never a crash.

A *record* is what a CSV reader returns, not a physical line: a quoted field may hold line breaks,
blank lines are skipped, and LF, CRLF and CR line endings are all read. Row numbers count records
after the header (1 = the first). The whole file is refused (:class:`FeedError`) when its header
cannot be trusted: not UTF-8 (UTF-16/32 named as such), control characters, a repeated column
name, more than ``MAX_COLUMNS`` columns, or a quote that never closes. A record that is not valid
UTF-8 or holds control characters (NUL and friends) is quarantined on its own.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from engineroom.population.issues import FeedError, Issues

MAX_COLUMNS = 1_000
BOM = b"\xef\xbb\xbf"
WIDE = (  # longest first: a UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
NOT_UTF8 = "not valid UTF-8 (the file may be Windows-1252 or Latin-1)"
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
CONTROL_REASON = "contains control characters such as NUL (binary data in a text feed?)"


@dataclass
class Parsed:
    """A feed read as strings: the columns, the record number of each row, and parse issues."""

    table: pa.Table
    row_numbers: np.ndarray
    rows_in: int
    issues: Issues
    notes: list[str]


def strip_boms(data: bytes, notes: list[str] | None = None) -> bytes:
    """Remove UTF-8 byte order marks (even repeated ones); refuse UTF-16 and UTF-32."""
    for mark, name in WIDE:
        if data.startswith(mark):
            raise FeedError(f"the file is {name} encoded; feeds must be UTF-8")
    count = 0
    while data.startswith(BOM):
        data, count = data[len(BOM) :], count + 1
    if count and notes is not None:
        notes.append("UTF-8 byte order mark removed" + (f" ({count} of them)" if count > 1 else ""))
    return data


def is_blank(data: bytes) -> bool:
    """Empty or only whitespace, found without copying the data (as ``data.strip()`` would)."""
    return not data or data.isspace()


def read_csv(data: bytes) -> Parsed:
    """Parse every record as text; malformed records (wrong field count, bad bytes) become issues."""
    issues, notes = Issues(), []
    data = strip_boms(data, notes).lstrip(b"\r\n")
    if is_blank(data):
        notes.append("empty file")
        return Parsed(pa.table({}), np.array([], np.int64), 0, issues, notes)
    utf8 = _is_utf8(data)
    if not utf8:
        data = data.decode("utf-8", errors="replace").encode("utf-8")
    header = _header(data)
    table, bad_rows = _parse(data, header)
    total = table.num_rows + len(bad_rows)
    bad_numbers = np.asarray([n for n, _ in bad_rows], dtype=np.int64)
    issues.add(bad_numbers, "(row)", [why for _, why in bad_rows], [w for _, w in bad_rows])
    good = np.delete(np.arange(1, total + 1), bad_numbers - 1)
    if not utf8 or b"\x00" in data:
        checks = [(CONTROL, CONTROL_REASON)] + ([] if utf8 else [("\ufffd", NOT_UTF8)])
        table, good = _drop_marked(table, good, issues, checks)
    return Parsed(table, good, total, issues, notes)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _header(data: bytes) -> list[str]:
    ends = [i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0]
    line = data[: min(ends) if ends else len(data)].decode("utf-8")
    if "\ufffd" in line:
        raise FeedError(f"header is {NOT_UTF8}")
    if re.search(CONTROL, line):
        raise FeedError(f"header {CONTROL_REASON}")
    header = next(csv.reader([line]), [])
    if len(header) > MAX_COLUMNS:
        raise FeedError(f"header has {len(header):,} columns; at most {MAX_COLUMNS:,} are read")
    repeated = sorted(name for name, n in Counter(header).items() if n > 1)
    if repeated:
        raise FeedError(f"header repeats column {', '.join(map(repr, repeated))[:200]}")
    return header


def _parse(data: bytes, header: list[str]) -> tuple[pa.Table, list[tuple[int, str]]]:
    """Records as text columns, and the (record number, reason) of each record pyarrow skipped."""
    bad_rows: list[tuple[int, str]] = []
    multiline: set[int] = set()

    def on_invalid(row: pacsv.InvalidRow) -> str:
        if row.number is None or row.number < 2:
            raise FeedError("a record could not be located in the file")
        why = f"has {row.actual_columns} fields, expected {row.expected_columns}"
        bad_rows.append((row.number - 1, why))  # pyarrow counts the header as record 1
        if "\n" in row.text or "\r" in row.text:
            multiline.add(row.number - 1)
        return "skip"

    quoted = b'"' in data
    block = max(1 << 24, len(data) + 1) if len(data) < (1 << 28) else 1 << 28
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(use_threads=False, block_size=block),
            parse_options=pacsv.ParseOptions(
                invalid_row_handler=on_invalid, newlines_in_values=quoted
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as exc:
        raise FeedError(f"could not be parsed as CSV: {str(exc)[:200]}") from exc
    if table.column_names != header:
        raise FeedError("header could not be read (a quote or line break inside a column name?)")
    last = table.num_rows + len(bad_rows)
    skipped = last in {n for n, _ in bad_rows}
    ran_on = quoted and (last in multiline if skipped else _ends_multiline(table))
    if ran_on and data.count(b'"') % 2:  # count quotes only when the last record ran on
        raise FeedError(
            f"row {last}: a double quote is never closed, so the rest of the file ran into one "
            "field (unbalanced quotes)",
            last,
        )
    return table, bad_rows


def _ends_multiline(table: pa.Table) -> bool:
    """Whether the table's last row holds a line break."""
    if table.num_rows == 0:
        return False
    tail = table.slice(table.num_rows - 1)
    return any(pc.any(pc.match_substring_regex(c, r"[\r\n]")).as_py() for c in tail.columns)


def _drop_marked(
    table: pa.Table, good: np.ndarray, issues: Issues, checks: list[tuple[str, str]]
) -> tuple[pa.Table, np.ndarray]:
    """Quarantine records holding control characters or bytes that were not UTF-8 (now U+FFFD)."""
    marked = np.zeros(table.num_rows, bool)
    for name, column in zip(table.column_names, table.columns, strict=True):
        column = column.combine_chunks()
        for pattern, reason in checks:
            hit = pc.match_substring_regex(column, pattern).to_numpy(zero_copy_only=False)
            hit &= ~marked
            issues.add(good[hit], name, column.filter(pa.array(hit)), reason)
            marked |= hit
    return table.filter(pa.array(~marked)), good[~marked]


def count_records(data: bytes, ext: str) -> int:
    """How many records a file holds, as far as they can be read (for whole-file quarantine):
    non-blank lines of NDJSON, one JSON document, CSV records after the header."""
    try:
        data = strip_boms(data)
    except FeedError:
        data = _wide_to_utf8(data)
    if is_blank(data):
        return 0
    if ext in ("json", "xml"):  # one FHIR document
        return 1
    if ext == "ndjson":
        return sum(1 for line in data.split(b"\n") if line.strip())
    text = data.decode("utf-8", errors="replace")
    try:
        rows = sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row)
    except csv.Error:  # a field over the csv module's size limit: count physical lines
        rows = sum(1 for line in text.splitlines() if line.strip())
    return max(rows - 1, 0)


def _wide_to_utf8(data: bytes) -> bytes:
    for mark, name in WIDE:
        if data.startswith(mark):
            return data.decode(name.lower(), errors="replace").lstrip("\ufeff").encode()
    return data
