"""Problems found in a feed: row-level issues (quarantined or flagged) and whole-file errors.

Every issue names the data row (1 = first record after the header), the field, the offending
value (first 100 characters) and the reason. A :class:`FeedError` makes the whole file unusable;
its message names the file's problem (and the row, where there is one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ISSUE_SCHEMA = pa.schema(
    [
        ("row_number", pa.int64()),
        ("field", pa.string()),
        ("value", pa.string()),
        ("reason", pa.string()),
        ("severity", pa.string()),
    ]
)


class FeedError(ValueError):
    """The whole file is unusable (e.g. unreadable header); the message says why.

    ``records`` is how many records the file was read to hold, when that is known.
    """

    def __init__(self, message: str, records: int | None = None):
        super().__init__(message)
        self.records = records


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
