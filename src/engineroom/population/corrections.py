"""The data manager's work on quarantined rows: correct a row, or release it as it is.

A quarantined row is worked one at a time. Its original record (kept beside the quarantine at
ingest as ``_quarantine_records``, or read again from the committed source file) is checked
again by the ingest validation itself (:func:`engineroom.population.validate.validate`), with
the data manager's corrected values in place; a row that passes is published to the lake as a
*correction load*: one accepted row in the feed's table, and a manifest naming the file and row
it resolves, who did it and when.

The manifest is the one commit: the accepted row and the quarantine's change of state are the
same atomic write, so they can never diverge. Its id is derived from the file's load and the row
(:func:`correction_id`), so doing the same work again (a re-run after a crash anywhere) finishes
it or finds it done. Counts stay reconciled: a correction load carries ``rows_in 0, accepted 1,
quarantined -1``, and :func:`fold` adds it to its file's report (``accepted_late``).

*Release* accepts a row as it was sent only when every problem on it is of a releasable kind
(:func:`release_blocker` says why not otherwise): an unrecognised code in an optional descriptive
field (sex, ethnic category, area code), which is blanked (read as unknown) and flagged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from engineroom.population.csvfile import read_csv
from engineroom.population.ingest import _stamp, _to_schema, load_id_for
from engineroom.population.issues import FeedError
from engineroom.population.lake import Lake
from engineroom.population.sources import FEEDS, FeedMapping
from engineroom.population.validate import check_header, validate

RECORDS = "_quarantine_records"
RELEASABLE_PARSERS = ("sex", "ethnicity")  # code lists whose unknown code can be read as unknown
RELEASABLE_FIELDS = ("LSOA", "LSOA_OF_RESIDENCE", "POSTCODE_DISTRICT")
RELEASE_FLAG = "released as sent by the data manager: value not recognised, read as unknown"


class CorrectionRefused(ValueError):
    """The row cannot be accepted; ``problems`` name each field still wrong (field, value,
    reason), as ingest would."""

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.problems = problems or []


def correction_id(load_id: str, row_number: int) -> str:
    return hashlib.sha256(f"correction\0{load_id}\0{row_number}".encode()).hexdigest()[:24]


def is_correction(manifest: dict) -> bool:
    return "correction" in manifest


def resolved(var: str | Path, loads: list[dict] | None = None) -> dict[str, dict[int, dict]]:
    """Rows accepted late: original load id -> row number -> the correction's record
    (``loads``: the lake's manifests, when the caller has read them already)."""
    out: dict[str, dict[int, dict]] = {}
    for m in Lake(var).loads() if loads is None else loads:
        if is_correction(m):
            c = m["correction"]
            out.setdefault(c["of"], {})[c["row_number"]] = c | {"at": m["loaded_at"]}
    return out


def fold(loads: list[dict]) -> list[dict]:
    """Feed files with their corrections added in: ``accepted_late`` rows moved from
    quarantined to accepted, so ``rows_in == accepted + quarantined`` still holds."""
    late: dict[str, list[dict]] = {}
    for m in loads:
        if is_correction(m):
            late.setdefault(m["correction"]["of"], []).append(m)
    out = []
    for m in loads:
        if is_correction(m):
            continue
        done = late.get(m.get("load_id"), [])
        out.append(
            m
            | {
                "accepted": m["accepted"] + sum(c["accepted"] for c in done),
                "quarantined": m["quarantined"] + sum(c["quarantined"] for c in done),
                "flagged": m.get("flagged", 0) + sum(c.get("flagged", 0) for c in done),
                "accepted_late": len(done),
            }
        )
    return out


def original_record(var: str | Path, load_id: str, row_number: int) -> dict[str, str]:
    """The record as the sender sent it, column -> text (refused if it cannot be found)."""
    lake = Lake(var)
    manifest = lake.manifest(load_id)
    if manifest is None or is_correction(manifest):
        raise CorrectionRefused(f"no feed file {load_id} in the lake")
    if manifest.get("status") == "quarantined":
        raise CorrectionRefused(
            f"{manifest['file']} was refused whole ({manifest.get('file_error')}): "
            "ask the sender to send it again"
        )
    kept = manifest.get("outputs", {}).get(RECORDS)
    if kept:
        table = pq.ParquetFile(lake.root / kept).read()
        found = table.filter(pc.equal(table["row_number"], row_number))
        if found.num_rows:
            return json.loads(found["record"][0].as_py())
    return _from_source_file(manifest, row_number)


def _from_source_file(manifest: dict, row_number: int) -> dict[str, str]:
    path = Path(manifest.get("path") or "")
    gone = CorrectionRefused(
        f"row {row_number} of {manifest['file']} cannot be read again (the record could not "
        "be split into its fields, or the file is no longer kept): ask the sender to resubmit"
    )
    if not path.is_file() or manifest.get("kind") not in FEEDS:
        raise gone
    data = path.read_bytes()
    if load_id_for(path, data) != manifest["load_id"]:
        raise gone
    parsed = read_csv(data)
    at = [i for i, n in enumerate(parsed.row_numbers) if n == row_number]
    if not at:
        raise gone
    return {k: v[0] for k, v in parsed.table.slice(at[0], 1).to_pydict().items()}


def _mapping(manifest: dict) -> FeedMapping:
    kind = manifest.get("kind")
    if kind not in FEEDS:
        raise CorrectionRefused(
            f"{manifest['file']} is a {kind or 'unknown'} feed: its rows cannot be edited here; "
            "ask the sender to resubmit"
        )
    return FEEDS[kind]


def check(manifest: dict, record: dict[str, str], row_number: int) -> tuple[pa.Table, list]:
    """Validate one record exactly as ingest would: the accepted row, and the problems left."""
    mapping = _mapping(manifest)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([list(record), list(record.values())])
    parsed = read_csv(buffer.getvalue().encode("utf-8"))
    try:
        check_header(parsed.table.column_names, mapping, parsed.rows_in)
        extract = date.fromisoformat(manifest["extract_date"])
        columns, keep, issues = validate(parsed, mapping, extract)
    except FeedError as exc:
        raise CorrectionRefused(str(exc)) from exc
    table = _to_schema(columns, parsed, keep, mapping, manifest["source"])
    problems = [
        {"field": r["field"], "value": r["value"], "reason": r["reason"], "severity": r["severity"]}
        for r in issues.table().to_pylist()
    ]
    at = table.schema.get_field_index("row_number")
    rows = pa.array([row_number] * table.num_rows, pa.int64())
    return table.set_column(at, "row_number", rows), problems


def release_blocker(manifest: dict, problems: list[dict]) -> str | None:
    """Why a row cannot be released as sent, or None when every problem is releasable."""
    mapping = _mapping(manifest)
    parsers = {f.feed: (f.parser, f.required) for f in mapping.fields}
    blocking = [
        p
        for p in problems
        if p["severity"] == "quarantined"
        and not _releasable(p["field"], *parsers.get(p["field"], ("", True)))
    ]
    if not blocking:
        return None
    named = "; ".join(f"{p['field']}: {p['reason']}" for p in blocking)
    return (
        f"Only an unrecognised code in an optional field (sex, ethnic category, area) can be "
        f"released as sent. This row has: {named}. Correct the value, or ask the sender to resubmit."
    )


def _releasable(field: str, parser: str, required: bool) -> bool:
    return not required and (parser in RELEASABLE_PARSERS or field in RELEASABLE_FIELDS)


def still_quarantined(var: str | Path, load_id: str, row_number: int) -> dict:
    """The file's manifest, if ``row_number`` of it is quarantined and not yet worked."""
    lake = Lake(var)
    manifest = lake.manifest(load_id)
    if manifest is None or is_correction(manifest):
        raise CorrectionRefused(f"no feed file {load_id} in the lake")
    if lake.manifest(correction_id(load_id, row_number)):
        raise CorrectionRefused(f"row {row_number} of {manifest['file']} was already accepted")
    issues = manifest.get("outputs", {}).get("_quarantine")
    table = pq.ParquetFile(lake.root / issues).read() if issues else None
    if (
        table is None
        or not pc.any(
            pc.and_(
                pc.equal(table["row_number"], row_number),
                pc.equal(table["severity"], "quarantined"),
            )
        ).as_py()
    ):
        raise CorrectionRefused(f"row {row_number} of {manifest['file']} is not quarantined")
    return manifest


def correct(
    var: str | Path, load_id: str, row_number: int, values: dict[str, str], *, by: str
) -> dict:
    """Accept the row with ``values`` (column -> text) in place of the sender's; refused with
    the problems left if the corrected record still fails validation. Idempotent."""
    done = Lake(var).manifest(correction_id(load_id, row_number))
    if done:
        return done
    manifest = still_quarantined(var, load_id, row_number)
    record = original_record(var, load_id, row_number)
    unknown = sorted(set(values) - set(record))
    if unknown:
        raise CorrectionRefused(f"{', '.join(unknown)}: not a column of {manifest['file']}")
    changed = sorted(k for k, v in values.items() if record[k] != v)
    table, problems = check(manifest, record | values, row_number)
    left = [p for p in problems if p["severity"] == "quarantined"]
    if left or table.num_rows != 1:
        raise CorrectionRefused("the corrected row still fails validation", left)
    _refuse_taken_key(var, manifest, table["record_id"][0].as_py())
    flags = [p["reason"] for p in problems]
    return _publish(
        var, manifest, row_number, table, flags, action="corrected", by=by, fields=changed
    )


def _refuse_taken_key(var: str | Path, manifest: dict, record_id: str | None) -> None:
    """The ingest's duplicate check, against the rows of the same file already accepted."""
    lake, mapping = Lake(var), FEEDS[manifest["kind"]]
    paths = [manifest.get("outputs", {}).get(mapping.table)]
    paths += [
        m["outputs"].get(mapping.table)
        for m in lake.loads()
        if is_correction(m) and m["correction"]["of"] == manifest["load_id"]
    ]
    for rel in filter(None, paths):
        ids = pq.ParquetFile(lake.root / rel).read(columns=["record_id"])["record_id"]
        if record_id is not None and pc.any(pc.equal(ids, record_id)).as_py():
            problem = {"field": mapping.key, "value": record_id, "severity": "quarantined"}
            problem["reason"] = f"{record_id} is already accepted from {manifest['file']}"
            raise CorrectionRefused("duplicate record key within the file", [problem])


def release(var: str | Path, load_id: str, row_number: int, *, by: str) -> dict:
    """Accept the row as sent, its unrecognised optional codes read as unknown (and flagged);
    refused (see :func:`release_blocker`) when any other problem is on it. Idempotent."""
    done = Lake(var).manifest(correction_id(load_id, row_number))
    if done:
        return done
    manifest = still_quarantined(var, load_id, row_number)
    record = original_record(var, load_id, row_number)
    _table, problems = check(manifest, record, row_number)
    why = release_blocker(manifest, problems)
    if why:
        raise CorrectionRefused(why, [p for p in problems if p["severity"] == "quarantined"])
    blanked = {p["field"]: "" for p in problems if p["severity"] == "quarantined"}
    table, after = check(manifest, record | blanked, row_number)
    if table.num_rows != 1 or any(p["severity"] == "quarantined" for p in after):
        raise CorrectionRefused("the row still fails validation with those values read as unknown")
    flags = [RELEASE_FLAG] * len(blanked) + [p["reason"] for p in after]
    return _publish(
        var, manifest, row_number, table, flags, action="released", by=by, fields=sorted(blanked)
    )


def _publish(
    var, manifest: dict, row_number: int, table: pa.Table, flags: list[str], **correction
) -> dict:
    """One atomic commit: the accepted row and the row's new state (the correction manifest)."""
    lake = Lake(var)
    cid = correction_id(manifest["load_id"], row_number)
    mapping = FEEDS[manifest["kind"]]
    report = {
        **{k: manifest.get(k) for k in ("file", "kind", "source", "extract_date")},
        "load_id": cid,
        "loaded_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "status": correction["action"],
        "rows_in": 0,
        "accepted": 1,
        "quarantined": -1,
        "flagged": 1 if flags else 0,
        "reasons": {},
        "flag_reasons": {f: 1 for f in flags},
        "notes": [],
        "correction": {"of": manifest["load_id"], "row_number": row_number, **correction},
    }
    lake.publish(
        cid, {mapping.table: _stamp(table, manifest["load_id"])}, manifest["source"], report
    )
    lake.rebuild_catalog()
    return lake.manifest(cid)


def open_issues(
    var: str | Path,
    load_ids: list[str],
    *,
    field: str = "",
    reason: str = "",
    severity: str = "",
    loads: list[dict] | None = None,
) -> pa.Table:
    """Row issues of the given loads (in that order) still open: rows accepted late are left
    out. Each row names its file and load; ``field``, ``reason`` and ``severity`` filter.
    ``loads``: the lake's manifests, when the caller has read them already."""
    lake = Lake(var)
    loads = lake.loads() if loads is None else loads
    done, manifests = resolved(var, loads), {m["load_id"]: m for m in loads}
    parts = []
    for load_id in load_ids:
        manifest = manifests.get(load_id) or {}
        rel = manifest.get("outputs", {}).get("_quarantine")
        if not rel:
            continue
        table = pq.ParquetFile(lake.root / rel).read()
        keep = pc.invert(
            pc.is_in(table["row_number"], pa.array(list(done.get(load_id, {})), pa.int64()))
        )
        for column, wanted in (("field", field), ("reason", reason), ("severity", severity)):
            if wanted:
                keep = pc.and_(keep, pc.equal(table[column], wanted))
        table = table.filter(keep).select(["row_number", "field", "value", "reason", "severity"])
        parts.append(
            table.append_column(
                "load_id", pa.array([load_id] * table.num_rows, pa.string())
            ).append_column("file", pa.array([manifest["file"]] * table.num_rows, pa.string()))
        )
    return pa.concat_tables(parts) if parts else _EMPTY


_EMPTY = pa.table(
    {
        name: pa.array([], type_)
        for name, type_ in (
            ("row_number", pa.int64()),
            ("field", pa.string()),
            ("value", pa.string()),
            ("reason", pa.string()),
            ("severity", pa.string()),
            ("load_id", pa.string()),
            ("file", pa.string()),
        )
    }
)
