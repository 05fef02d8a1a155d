"""Validate every field of a parsed CSV feed, vectorised, naming row, field and reason.

Nothing is dropped: a row whose field fails a check becomes an issue (quarantined); an unusable NHS
number in a feed that carries demographics is *flagged* and the row kept for demographic linkage.
``rows_in == accepted + quarantined`` holds by construction. Dates must be real calendar dates
between ``EARLIEST`` and the extract date, and each mapping's ordered pairs (birth before
registration, admission before discharge, ...) must be in order. :func:`check_header` refuses a
file whose header is not that of its declared feed kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engineroom.population import codes, nhs_number
from engineroom.population.csvfile import Parsed
from engineroom.population.issues import FeedError, Issues
from engineroom.population.sources import FEEDS, FeedMapping

EARLIEST = date(1900, 1, 1)
PLAIN = {"str"}  # parsers of columns with mostly distinct values: checked row by row
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
    """Typed schema columns, a keep-mask over parsed rows, and all issues (row numbers from the file).

    Each coded column is dictionary-encoded and every check runs once per *distinct* value (a feed
    has a few thousand dates and codes in a million rows); verdicts are gathered back to rows only
    where some value failed.
    """
    table, rows, issues = parsed.table, parsed.row_numbers, parsed.issues
    n = table.num_rows
    bad = np.zeros(n, dtype=bool)
    out: dict[str, pa.Array] = {}
    columns: dict[str, Column] = {}
    for fld in mapping.fields:
        if fld.feed not in table.column_names:  # optional (check_header refused missing required)
            out[fld.column] = pa.nulls(n, pa.string())
            continue
        plain = fld.parser in PLAIN and fld.feed != mapping.key  # keys are encoded: duplicates
        column = columns[fld.feed] = Column(table[fld.feed], plain=plain)
        bad |= _check_field(column, fld, Context(rows, issues, out, extract, mapping))
    bad |= _check_order(mapping, out, rows, issues)
    if mapping.key in table.column_names:
        key = columns.get(mapping.key) or Column(table[mapping.key])
        bad |= _duplicates(key, mapping.key, rows, issues, bad)
    return out, ~bad, issues


class Column:
    """A text column as its distinct values (``uniques``; blanks read as null) and, per row, the
    index of its value (``index``; the extra last index, ``len(uniques)``, stands for blank).
    A ``plain`` column (names, ids: mostly distinct values) is not encoded: a value per row."""

    def __init__(self, values: pa.Array | pa.ChunkedArray, plain: bool = False):
        values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        self.plain, self.size = plain, len(values)
        encoded = values if plain else pc.dictionary_encode(values)
        distinct = values if plain else encoded.dictionary
        blank = pc.equal(distinct, "").to_numpy(zero_copy_only=False)
        self.has_blank = bool(blank.any()) or encoded.null_count > 0
        self.uniques = pc.if_else(pa.array(blank), None, distinct) if blank.any() else distinct
        self.blank = len(blank)
        if plain:
            self.index = np.where(blank, len(blank), np.arange(len(blank))) if blank.any() else None
            return
        indices = encoded.indices
        index = pc.fill_null(indices, len(blank)) if indices.null_count else indices
        index = index.to_numpy(zero_copy_only=False)
        self.index = (
            np.where(np.r_[blank, True][index], len(blank), index) if blank.any() else index
        )

    def rows(self, per_unique: np.ndarray, blank=False) -> np.ndarray:
        """Gather a per-distinct-value array to rows (``blank`` for the blank rows)."""
        if self.index is None:
            return per_unique.copy()
        return np.r_[per_unique, np.asarray([blank], per_unique.dtype)][self.index]

    def blank_rows(self) -> np.ndarray:
        if not self.has_blank:
            return np.zeros(self.size, bool)
        return self.index == self.blank

    def take(self, per_unique: pa.Array, where: np.ndarray | None = None, blank=None) -> pa.Array:
        """Gather per-distinct-value Arrow values to rows (``blank``, default null, for blank
        rows), or to the ``where`` rows."""
        if self.index is None:
            return per_unique if where is None else per_unique.filter(pa.array(where))
        if self.plain and where is None and blank is None:  # one value per row (blank is null)
            return per_unique
        extended = pa.concat_arrays([per_unique, pa.array([blank], per_unique.type)])
        index = self.index if where is None else self.index[where]
        return pc.take(extended, pa.array(index))

    def raw(self, where: np.ndarray) -> pa.Array:
        """The values as sent in the ``where`` rows (blank as "")."""
        return self.take(self.uniques, where, blank="")


@dataclass
class Context:
    rows: np.ndarray
    issues: Issues
    out: dict
    extract: date
    mapping: FeedMapping

    def add(self, column: Column, per_unique: np.ndarray, feed: str, reason: str) -> np.ndarray:
        """Issue each row whose value fails (``per_unique``); the rows' mask."""
        if not per_unique.any():
            return np.zeros(column.size, bool)
        hit = column.rows(per_unique)
        self.issues.add(self.rows[hit], feed, column.raw(hit), reason)
        return hit


def _check_field(column: Column, fld, ctx: Context) -> np.ndarray:
    long_u = pc.greater(pc.fill_null(pc.utf8_length(column.uniques), 0), MAX_FIELD)
    long_u = long_u.to_numpy(zero_copy_only=False)
    bad = ctx.add(column, long_u, fld.feed, f"field longer than {MAX_FIELD} characters")
    uniques = pc.if_else(pa.array(long_u), None, column.uniques) if bad.any() else column.uniques
    if fld.parser == "nhs":
        return bad | _check_nhs(column, uniques, fld, ctx)
    fn, reason = PARSERS[fld.parser]
    value_u, invalid_u = fn(uniques)
    bad |= ctx.add(column, invalid_u, fld.feed, reason)
    if fld.required and column.has_blank:
        missing = column.blank_rows()
        ctx.issues.add(
            ctx.rows[missing], fld.feed, [""] * int(missing.sum()), "required value missing"
        )
        bad |= missing
    if fld.parser == "date":
        for compare, bound, why in (
            (pc.greater, ctx.extract, f"date after the extract date {ctx.extract}"),
            (pc.less, EARLIEST, f"date before {EARLIEST}"),
        ):  # dates after the extract date or before ``EARLIEST`` (year 0000 and friends)
            hit_u = pc.fill_null(compare(value_u, pa.scalar(bound, pa.date32())), False)
            bad |= ctx.add(column, hit_u.to_numpy(zero_copy_only=False), fld.feed, why)
    ctx.out[fld.column] = column.take(value_u)
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
        if not hit.any():
            continue
        shown = pc.binary_join_element_wise(
            pc.cast(then.filter(pa.array(hit)), pa.string()),
            pc.cast(first.filter(pa.array(hit)), pa.string()),
            " < ",
        )
        issues.add(rows[hit], later, shown, f"{later} is before {earlier}")
        bad |= hit
    return bad


def _check_nhs(column: Column, uniques: pa.Array, fld, ctx: Context) -> np.ndarray:
    """Invalid numbers quarantined (or, in a feed with demographics, flagged and the row kept for
    demographic linkage); valid numbers in the 999 test range flagged as test data."""
    norm_u = nhs_number.normalise(uniques)
    why_u = nhs_number.reasons(norm_u, distinct=not column.plain)
    valid_u = pc.is_null(why_u).to_numpy(zero_copy_only=False)
    invalid = column.rows(~valid_u, blank=True)
    if invalid.any():
        severity = "flagged" if ctx.mapping.demographic_fallback else "quarantined"
        why = column.take(why_u, invalid, blank=nhs_number.MISSING).to_pylist()
        shown = column.take(uniques, invalid)  # blank and overlong values shown empty, as before
        ctx.issues.add(ctx.rows[invalid], fld.feed, shown, why, severity)
    test_u = nhs_number.is_test(norm_u, valid_u)
    if test_u.any():
        test = column.rows(test_u)
        ctx.issues.add(ctx.rows[test], fld.feed, column.raw(test), nhs_number.TEST_DATA, "flagged")
    ctx.out[fld.column] = column.take(pc.if_else(pa.array(valid_u), norm_u, None))
    ctx.out["nhs_number_issue"] = (
        column.take(why_u, blank=nhs_number.MISSING)
        if invalid.any()
        else pa.nulls(column.size, pa.string())
    )
    return np.zeros(column.size, bool) if ctx.mapping.demographic_fallback else invalid


def _duplicates(
    keys: Column, name: str, rows: np.ndarray, issues: Issues, bad: np.ndarray
) -> np.ndarray:
    """Second and later rows with the same record key in one file are quarantined."""
    none = np.zeros(keys.size, bool)
    if keys.size == 0 or len(keys.uniques) == keys.size:  # every key distinct: the usual case
        return none
    idx = keys.index
    shared = np.flatnonzero(np.bincount(idx, minlength=keys.blank + 1)[idx] > 1)
    group = idx[shared]
    order = np.argsort(group, kind="stable")  # rows of one key together, in file order
    repeat = np.r_[False, group[order][1:] == group[order][:-1]]
    first = shared[order][np.maximum.accumulate(np.where(~repeat, np.arange(len(order)), 0))]
    dup = none.copy()
    dup[shared[order]] = repeat
    first_row = np.zeros(keys.size, np.int64)
    first_row[shared[order]] = rows[first]
    dup &= ~bad & (idx != keys.blank)  # blank keys are not duplicates of each other
    shown = [
        f"{k} (first at row {r})"
        for k, r in zip(keys.raw(dup).to_pylist(), first_row[dup], strict=True)
    ]
    issues.add(rows[dup], name, shown, "duplicate record key within the file")
    return dup
