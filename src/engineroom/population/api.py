"""The small read-only interface the web calls (it never runs heavy queries per request).

All functions take the var directory (``lake`` lives under it) and return plain dicts/lists:

- ``feed_reports(var_dir) -> list[dict]``: one per committed feed file, newest first: file, kind,
  source, extract_date, loaded_at, status, rows_in, accepted, quarantined, flagged, reasons
  (quarantine reason -> count), flag_reasons, notes, reconciled (rows_in == accepted + quarantined).
- ``quarantine(var_dir, file=None, limit=500) -> list[dict]``: row issues (file, row_number, field,
  value, reason, severity), optionally for one file.
- ``unlinked(var_dir, limit=500) -> list[dict]``: the unlinked queue from the latest linkage.
- ``lake_status(var_dir) -> dict``: files committed (``files_loaded``, of which
  ``files_quarantined`` were refused whole, each listed in ``quarantined_files`` with its reason),
  record totals (``rows_in == accepted + quarantined``; a file refused whole counts the records it
  holds as quarantined), rows per table, whether the DuckDB catalog is current, linkage version
  and its report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from engineroom.population import corrections
from engineroom.population.lake import Lake
from engineroom.population.pipeline import current_version, linked_path


def feed_reports(var_dir: str | Path) -> list[dict]:
    out = []
    for m in reversed(corrections.fold(Lake(var_dir).loads())):
        report = {k: v for k, v in m.items() if k != "outputs"}
        report["reconciled"] = m["rows_in"] == m["accepted"] + m["quarantined"]
        out.append(report)
    return out


def quarantine(var_dir: str | Path, file: str | None = None, limit: int = 500) -> list[dict]:
    lake = Lake(var_dir)
    rows: list[dict] = []
    done = corrections.resolved(var_dir)  # rows the data manager has accepted since
    for m in reversed(lake.loads()):
        rel = m.get("outputs", {}).get("_quarantine")
        if not rel or (file and m["file"] != file):
            continue
        table = pq.ParquetFile(lake.root / rel).read()
        if m["load_id"] in done:
            worked = pa.array(list(done[m["load_id"]]), pa.int64())
            table = table.filter(pc.invert(pc.is_in(table["row_number"], worked)))
        table = table.append_column("load_id", pa.array([m["load_id"]] * table.num_rows))
        rows += table.slice(0, max(0, limit - len(rows))).to_pylist()
        if len(rows) >= limit:
            break
    return rows


def unlinked(var_dir: str | Path, limit: int = 500) -> list[dict]:
    path = linked_path(Lake(var_dir), "unlinked")
    if path is None or not path.exists():
        return []
    table = pq.ParquetFile(path).read()
    rows = table.slice(0, limit).to_pylist()
    for row in rows:
        row["birth_date"] = str(row["birth_date"]) if row.get("birth_date") else None
    return rows


def lake_status(var_dir: str | Path) -> dict:
    lake = Lake(var_dir)
    loads = lake.loads()
    tables: dict[str, int] = {}
    for m in loads:  # corrections included: their accepted rows are in the tables
        for table, rel in m.get("outputs", {}).items():
            tables[table] = tables.get(table, 0) + pq.ParquetFile(lake.root / rel).metadata.num_rows
    loads = corrections.fold(loads)  # one entry per feed file, its late acceptances added in
    version = current_version(lake)
    report = lake.root / "linked" / version / "report.json" if version else None
    whole = [m for m in loads if m.get("status") == "quarantined"]
    return {
        "lake": str(lake.root),
        "files_loaded": len(loads),
        "files_quarantined": len(whole),
        "quarantined_files": [
            {"file": m["file"], "records": m["rows_in"], "reason": m.get("file_error")}
            for m in whole
        ],
        "catalog_current": lake.catalog_current(),
        "rows_in": sum(m["rows_in"] for m in loads),
        "accepted": sum(m["accepted"] for m in loads),
        "quarantined": sum(m["quarantined"] for m in loads),
        "tables": tables,
        "linkage_version": version,
        "linkage": json.loads(report.read_text()) if report and report.exists() else None,
    }


__all__ = ["feed_reports", "lake_status", "pc", "quarantine", "unlinked"]
