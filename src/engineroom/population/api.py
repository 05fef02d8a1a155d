"""The small read-only interface the web calls (it never runs heavy queries per request).

All functions take the var directory (``lake`` lives under it) and return plain dicts/lists:

- ``feed_reports(var_dir) -> list[dict]``: one per committed feed file, newest first: file, kind,
  source, extract_date, loaded_at, status, rows_in, accepted, quarantined, flagged, reasons
  (quarantine reason -> count), flag_reasons, notes, reconciled (rows_in == accepted + quarantined).
- ``lake_status(var_dir) -> dict``: files committed (``files_loaded``, of which
  ``files_quarantined`` were refused whole, each listed in ``quarantined_files`` with its reason),
  record totals (``rows_in == accepted + quarantined``; a file refused whole counts the records it
  holds as quarantined), rows per table, whether the DuckDB catalog is current, linkage version
  and its report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from engineroom.population import corrections
from engineroom.population.lake import Lake
from engineroom.population.pipeline import current_version


def feed_reports(var_dir: str | Path, loads: list[dict] | None = None) -> list[dict]:
    """``loads``: the lake's manifests, when the caller has read them already."""
    out = []
    for m in reversed(corrections.fold(Lake(var_dir).loads() if loads is None else loads)):
        report = {k: v for k, v in m.items() if k != "outputs"}
        report["reconciled"] = m["rows_in"] == m["accepted"] + m["quarantined"]
        out.append(report)
    return out


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


__all__ = ["feed_reports", "lake_status"]
