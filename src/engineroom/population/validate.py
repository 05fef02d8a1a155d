"""Read a CSV feed defensively and validate every field, vectorised, naming row, field and reason.

Nothing is dropped: a row that cannot be parsed, or whose field fails a check, becomes an issue
(quarantined); an unusable NHS number in a feed that carries demographics is *flagged* and the row
kept for demographic linkage. ``rows_in == accepted + quarantined`` holds by construction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from engineroom.population import codes, nhs_number
from engineroom.population.sources import FeedMapping

MAX_FIELD = 1_000
SEX = {"M": "M", "F": "F", "U": "U", "1": "M", "2": "F", "9": "U", "0": "U", "X": "U"}
ETHNICITY = {
    **dict.fromkeys("ABC", "White"),
    **dict.fromkeys("DEFG", "Mixed"),
    **dict.fromkeys("HJKL", "Asian"),
    **dict.fromkeys("MNP", "Black"),
    **dict.fromkeys("RS", "Other"),
    "Z": "U",
    "99": "U",
}
METHOD = {
    **dict.fromkeys(["11", "12", "13"], "elective"),
    **dict.fromkeys(["21", "22", "23", "24", "25", "2A", "2B", "2C", "2D", "28"], "emergency"),
    **dict.fromkeys(["31", "32"], "maternity"),
    **dict.fromkeys(["81", "82", "83"], "other"),
}
ISSUE_SCHEMA = pa.schema(
    [
        ("row_number", pa.int64()),
        ("field", pa.string()),
        ("value", pa.string()),
        ("reason", pa.string()),
        ("severity", pa.string()),
    ]
)
ATTENDED = {"5": True, "6": True, "7": False, "2": False, "3": False, "4": False}
YES_NO = {"Y": True, "N": False}


@dataclass
class Issues:
    """Row-level problems: 1-based data row, field, offending value, reason, severity."""

    rows: list[np.ndarray] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    values: list[pa.Array] = field(default_factory=list)
    reasons: list[str | list[str]] = field(default_factory=list)
    severity: list[str] = field(default_factory=list)

    def add(self, rows, field_: str, values, reason, severity: str = "quarantined") -> None:
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows):
            self.rows.append(rows)
            self.fields.append(field_)
            self.values.append(
                pa.array(values, pa.string()) if not isinstance(values, pa.Array) else values
            )
            self.reasons.append(reason)
            self.severity.append(severity)

    def table(self) -> pa.Table:
        parts = []
        for rows, fld, vals, why, sev in zip(
            self.rows, self.fields, self.values, self.reasons, self.severity, strict=True
        ):
            reason = why if isinstance(why, list) else [why] * len(rows)
            value = pc.utf8_slice_codeunits(vals.cast(pa.string()), 0, 100)
            columns = [rows, [fld] * len(rows), value, reason, [sev] * len(rows)]
            parts.append(pa.table(columns, schema=ISSUE_SCHEMA))
        if not parts:
            return ISSUE_SCHEMA.empty_table()
        return pa.concat_tables(parts)


@dataclass
class Parsed:
    """A feed read as strings: the columns, the file row number of each, and parse issues."""

    table: pa.Table
    row_numbers: np.ndarray
    rows_in: int
    issues: Issues
    notes: list[str]


def _decode(data: bytes, issues: Issues, notes: list[str]) -> tuple[bytes, np.ndarray | None]:
    """Strip a BOM; quarantine lines that are not UTF-8. Returns bytes and kept line numbers."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        notes.append("UTF-8 byte order mark removed")
    try:
        data.decode("utf-8")
        return data, None
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    keep, bad = [], []
    for i, line in enumerate(lines):
        try:
            line.decode("utf-8")
            keep.append(i)
        except UnicodeDecodeError as exc:
            bad.append((i, exc.start))
    if bad and bad[0][0] == 0:
        raise FeedError("header is not valid UTF-8 (the file may be Windows-1252 or Latin-1)")
    issues.add(
        [i for i, _ in bad],
        "(row)",
        [f"byte {s}" for _, s in bad],
        "not valid UTF-8 (the file may be Windows-1252 or Latin-1)",
    )
    return b"\n".join(lines[i] for i in keep), np.asarray(keep, dtype=np.int64)


class FeedError(ValueError):
    """The whole file is unusable (e.g. unreadable header); the message says why."""


def read_csv(data: bytes) -> Parsed:
    """Parse every row as text; malformed rows (wrong field count, truncation) become issues."""
    issues, notes = Issues(), []
    data, kept_lines = _decode(data, issues, notes)
    if not data.strip():
        notes.append("empty file")
        return Parsed(pa.table({}), np.array([], np.int64), 0, issues, notes)
    header = next(csv.reader(io.StringIO(data.split(b"\n", 1)[0].decode("utf-8").rstrip("\r"))))
    bad_rows: list[tuple[int, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad_rows.append(
            (row.number, f"has {row.actual_columns} fields, expected {row.expected_columns}")
        )
        return "skip"

    table = _parse(data, header, on_invalid)
    total = table.num_rows + len(bad_rows)
    bad_numbers = np.asarray([n - 1 for n, _ in bad_rows], dtype=np.int64)  # data row, 1-based
    good = np.setdiff1d(np.arange(1, total + 1), bad_numbers)
    issues.add(bad_numbers, "(row)", [why for _, why in bad_rows], [w for _, w in bad_rows])
    if kept_lines is not None:  # translate to original line numbers (header is line 0)
        good = kept_lines[good]
        bad_idx = issues.rows[-1] if bad_rows else None
        if bad_idx is not None:
            issues.rows[-1] = kept_lines[bad_idx]
    rows_in = total + (len(issues.rows[0]) if kept_lines is not None and issues.rows else 0)
    return Parsed(table, good, rows_in, issues, notes)


def _parse(data: bytes, header: list[str], on_invalid) -> pa.Table:
    block = max(1 << 24, len(data) + 1) if len(data) < (1 << 28) else 1 << 28
    return pacsv.read_csv(
        io.BytesIO(data),
        read_options=pacsv.ReadOptions(use_threads=False, block_size=block),
        parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
        ),
    )


def _map(values: pa.Array, mapping: dict, type_: pa.DataType) -> tuple[pa.Array, np.ndarray]:
    keys = pa.array(list(mapping))
    idx = pc.index_in(pc.utf8_upper(values), keys)
    out = pc.take(pa.array(list(mapping.values()), type_), idx)
    return out, (pc.is_null(idx).to_numpy(zero_copy_only=False) & _present(values))


def _present(values: pa.Array) -> np.ndarray:
    return pc.is_valid(values).to_numpy(zero_copy_only=False)


def _regex(values: pa.Array, pattern: str) -> tuple[pa.Array, np.ndarray]:
    ok = pc.match_substring_regex(pc.fill_null(values, ""), pattern).to_numpy(zero_copy_only=False)
    return values, ~ok & _present(values)


def parse_date(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    shaped = pc.match_substring_regex(pc.fill_null(values, ""), r"^\d{4}-\d{2}-\d{2}$")
    ts = pc.strptime(
        pc.if_else(shaped, values, None), format="%Y-%m-%d", unit="s", error_is_null=True
    )
    out = pc.cast(ts, pa.date32())
    same = pc.equal(pc.cast(out, pa.string()), values)  # rejects 2024-02-30 rolled to March
    out = pc.if_else(pc.fill_null(same, False), out, None)
    return out, pc.is_null(out).to_numpy(zero_copy_only=False) & _present(values)


def _float(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    ok = pc.match_substring_regex(pc.fill_null(values, "0"), r"^-?\d+(\.\d+)?$")
    out = pc.cast(pc.if_else(ok, values, None), pa.float64())
    return out, ~ok.to_numpy(zero_copy_only=False)


def _codes(check) -> callable:
    return lambda v: (v, ~check(v))


def _icd_list(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    pattern = codes.ICD10_PATTERN.strip("^$")
    return _regex(values, rf"^{pattern}(;{pattern})*$")


PARSERS = {
    "str": (lambda v: (v, np.zeros(len(v), bool)), "text"),
    "date": (parse_date, "not a valid date (expected YYYY-MM-DD)"),
    "float": (_float, "not a number"),
    "sex": (lambda v: _map(v, SEX, pa.string()), "unknown sex code (expected M/F/U or 1/2/9/0)"),
    "ethnicity": (lambda v: _map(v, ETHNICITY, pa.string()), "unknown ethnic category code"),
    "admission_method": (lambda v: _map(v, METHOD, pa.string()), "unknown admission method code"),
    "attended": (lambda v: _map(v, ATTENDED, pa.bool_()), "unknown attended/DNA code"),
    "yes_no": (lambda v: _map(v, YES_NO, pa.bool_()), "expected Y or N"),
    "snomed": (_codes(codes.snomed_valid), "not a SNOMED CT identifier (check digit or format)"),
    "icd10": (_codes(codes.icd10_valid), "not an ICD-10 code"),
    "icd10_list": (_icd_list, "not a ';'-separated list of ICD-10 codes"),
    "tfc": (lambda v: _regex(v, r"^\d{3}$"), "not a 3-digit treatment function code"),
    "cqc": (lambda v: _regex(v, r"^1-\d{9,11}$"), "not a CQC location id (1-#########)"),
    "lsoa": (lambda v: _regex(v, r"^[EW]01\d{6}$"), "not an LSOA code"),
    "decile": (
        lambda v: (
            pc.cast(pc.if_else(_regex(v, r"^([1-9]|10)$")[1], None, v), pa.int64()),
            _regex(v, r"^([1-9]|10)$")[1],
        ),
        "not a decile 1-10",
    ),
}


def validate(
    parsed: Parsed, mapping: FeedMapping, extract: date
) -> tuple[dict[str, pa.Array], np.ndarray, Issues]:
    """Typed schema columns, a keep-mask over parsed rows, and all issues (row numbers from the file)."""
    table, rows, issues = parsed.table, parsed.row_numbers, parsed.issues
    n = table.num_rows
    bad = np.zeros(n, dtype=bool)
    out: dict[str, pa.Array] = {}
    for fld in mapping.fields:
        if fld.feed not in table.column_names:
            if fld.required:
                issues.add(rows, fld.feed, [""] * n, "column missing from file")
                bad[:] = True
            out[fld.column] = pa.nulls(n, pa.string())
            continue
        raw = pc.if_else(pc.equal(table[fld.feed], ""), None, table[fld.feed]).combine_chunks()
        bad |= _check_field(raw, fld, rows, issues, out, extract, mapping)
    bad |= _duplicates(table, mapping, rows, issues, bad)
    return out, ~bad, issues


def _check_field(
    raw, fld, rows, issues: Issues, out: dict, extract: date, mapping: FeedMapping
) -> np.ndarray:
    long = pc.greater(pc.fill_null(pc.utf8_length(raw), 0), MAX_FIELD).to_numpy(
        zero_copy_only=False
    )
    issues.add(
        rows[long],
        fld.feed,
        raw.filter(pa.array(long)),
        f"field longer than {MAX_FIELD} characters",
    )
    raw = pc.if_else(pa.array(long), None, raw)
    bad = long.copy()
    if fld.parser == "nhs":
        return bad | _check_nhs(raw, fld, rows, issues, out, mapping)
    fn, reason = PARSERS[fld.parser]
    value, invalid = fn(raw)
    missing = ~_present(raw) & ~long & fld.required
    issues.add(rows[invalid], fld.feed, raw.filter(pa.array(invalid)), reason)
    issues.add(rows[missing], fld.feed, [""] * int(missing.sum()), "required value missing")
    bad |= invalid | missing
    if fld.parser == "date":
        future = pc.fill_null(pc.greater(value, pa.scalar(extract, pa.date32())), False).to_numpy(
            zero_copy_only=False
        )
        issues.add(
            rows[future],
            fld.feed,
            raw.filter(pa.array(future)),
            f"date after the extract date {extract}",
        )
        bad |= future
    out[fld.column] = value
    return bad


def _check_nhs(raw, fld, rows, issues: Issues, out: dict, mapping: FeedMapping) -> np.ndarray:
    norm = nhs_number.normalise(raw)
    valid = nhs_number.is_valid(norm)
    why = np.asarray(nhs_number.reason(norm.filter(pa.array(~valid))), dtype=object)
    severity = "flagged" if mapping.demographic_fallback else "quarantined"
    issues.add(rows[~valid], fld.feed, raw.filter(pa.array(~valid)), list(why), severity)
    reasons = np.full(len(raw), None, dtype=object)
    reasons[~valid] = why
    out[fld.column] = pc.if_else(pa.array(valid), norm, None)
    out["nhs_number_issue"] = pa.array(reasons, pa.string())
    return np.zeros(len(raw), bool) if mapping.demographic_fallback else ~valid


def _duplicates(
    table: pa.Table, mapping: FeedMapping, rows: np.ndarray, issues: Issues, bad: np.ndarray
) -> np.ndarray:
    """Second and later rows with the same record key in one file are quarantined."""
    if mapping.key not in table.column_names or table.num_rows == 0:
        return np.zeros(table.num_rows, bool)
    keys = table[mapping.key].combine_chunks()
    idx = pc.dictionary_encode(keys).indices.to_numpy(zero_copy_only=False)
    order = np.argsort(idx, kind="stable")
    dup_sorted = np.r_[False, idx[order][1:] == idx[order][:-1]]
    dup = np.zeros(len(idx), bool)
    dup[order] = dup_sorted
    dup &= ~bad & pc.not_equal(keys, "").to_numpy(zero_copy_only=False)
    first_row = np.empty(len(idx), np.int64)
    starts = np.r_[True, ~dup_sorted[1:]]
    group_first = np.maximum.accumulate(np.where(starts, np.arange(len(idx)), 0))
    first_row[order] = rows[order[group_first]]
    shown = [
        f"{k} (first at row {r})"
        for k, r in zip(keys.filter(pa.array(dup)).to_pylist(), first_row[dup], strict=True)
    ]
    issues.add(rows[dup], mapping.key, shown, "duplicate record key within the file")
    return dup
