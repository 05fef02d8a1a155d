"""Validate every field of a parsed CSV feed, vectorised, naming row, field and reason.

Nothing is dropped: a row whose field fails a check becomes an issue (quarantined); an unusable NHS
number in a feed that carries demographics is *flagged* and the row kept for demographic linkage.
``rows_in == accepted + quarantined`` holds by construction. Dates must be real calendar dates
between ``EARLIEST`` and the extract date, and each mapping's ordered pairs (birth before
registration, admission before discharge, ...) must be in order. :func:`check_header` refuses a
file whose header is not that of its declared feed kind.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engineroom.population import codes, nhs_number
from engineroom.population.csvfile import Parsed
from engineroom.population.issues import FeedError, Issues
from engineroom.population.sources import FEEDS, FeedMapping

EARLIEST = date(1900, 1, 1)
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
ATTENDED = {"5": True, "6": True, "7": False, "2": False, "3": False, "4": False}
YES_NO = {"Y": True, "N": False}


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
    ok = pc.match_substring_regex(pc.fill_null(values, "0"), r"^-?\d{1,15}(\.\d{1,20})?$")
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
    "float": (_float, "not a number (at most 15 digits before the point)"),
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


def check_header(found: list[str], mapping: FeedMapping, records: int) -> None:
    """Refuse the whole file if required columns are missing or the header is another kind's."""
    missing = [f.feed for f in mapping.fields if f.required and f.feed not in found]
    if missing:
        raise FeedError(
            f"column missing from file: {', '.join(missing)} (a {mapping.kind} file needs them)",
            records,
        )
    present = set(found)

    def matched(m: FeedMapping) -> int:
        if any(f.required and f.feed not in present for f in m.fields):
            return -1
        return len(present & set(m.feed_columns))

    best = max(FEEDS.values(), key=matched)
    if matched(best) > matched(mapping):
        raise FeedError(
            f"header is that of a {best.kind} file ({best.description}), not {mapping.kind} "
            f"({mapping.description}): saved under the wrong name?",
            records,
        )


def validate(
    parsed: Parsed, mapping: FeedMapping, extract: date
) -> tuple[dict[str, pa.Array], np.ndarray, Issues]:
    """Typed schema columns, a keep-mask over parsed rows, and all issues (row numbers from the file)."""
    table, rows, issues = parsed.table, parsed.row_numbers, parsed.issues
    n = table.num_rows
    bad = np.zeros(n, dtype=bool)
    out: dict[str, pa.Array] = {}
    for fld in mapping.fields:
        if fld.feed not in table.column_names:  # optional (check_header refused missing required)
            out[fld.column] = pa.nulls(n, pa.string())
            continue
        raw = pc.if_else(pc.equal(table[fld.feed], ""), None, table[fld.feed]).combine_chunks()
        bad |= _check_field(raw, fld, rows, issues, out, extract, mapping)
    bad |= _check_order(mapping, out, rows, issues)
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
        bad |= _check_range(value, raw, fld.feed, rows, issues, extract)
    out[fld.column] = value
    return bad


def _check_range(value, raw, feed: str, rows, issues: Issues, extract: date) -> np.ndarray:
    """Dates after the extract date or before ``EARLIEST`` (year 0000 and friends)."""
    bad = np.zeros(len(value), bool)
    for compare, bound, reason in (
        (pc.greater, extract, f"date after the extract date {extract}"),
        (pc.less, EARLIEST, f"date before {EARLIEST}"),
    ):
        hit = pc.fill_null(compare(value, pa.scalar(bound, pa.date32())), False).to_numpy(
            zero_copy_only=False
        )
        issues.add(rows[hit], feed, raw.filter(pa.array(hit)), reason)
        bad |= hit
    return bad


def _check_order(mapping: FeedMapping, out: dict, rows, issues: Issues) -> np.ndarray:
    """Each (earlier, later) pair of date columns in order, where both are present."""
    by_feed = {f.feed: f.column for f in mapping.fields}
    bad = np.zeros(len(rows), bool)
    for earlier, later in mapping.order:
        first, then = out.get(by_feed[earlier]), out.get(by_feed[later])
        if first is None or then is None or first.type != pa.date32() or then.type != first.type:
            continue
        hit = pc.fill_null(pc.less(then, first), False).to_numpy(zero_copy_only=False)
        shown = pc.binary_join_element_wise(
            pc.cast(then.filter(pa.array(hit)), pa.string()),
            pc.cast(first.filter(pa.array(hit)), pa.string()),
            " < ",
        )
        issues.add(rows[hit], later, shown, f"{later} is before {earlier}")
        bad |= hit
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
