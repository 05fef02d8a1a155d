"""The vectorised CSV ingest names the exact source record of every quarantined row and reconciles.

Row numbers are record numbers after the header (1 = the first record), as a CSV reader counts
them: a quoted field may hold line breaks, blank lines are not records, CRLF and a byte order mark
change nothing. The expected numbers are found independently here with Python's ``csv`` module.
"""

import csv
import io
import json
import random
from datetime import date

import numpy as np
import pytest

from engineroom.population.ingest import ingest_path
from engineroom.population.lake import Lake
from engineroom.population.nhs_number import make_valid

HEADER = ["EVENT_ID", "NHS_NUMBER", "EVENT_DATE", "SNOMED_CODE", "VALUE", "UNIT"]
NAME = "gp_events__Y00009__20250331.csv"
GOOD_NHS = [str(n) for n in make_valid(np.arange(900_000_100, 900_000_200)) if n > 0]
# what each kind of bad record breaks: (field named in the issue, reason fragment)
BREAKS = {
    "snomed": ("SNOMED_CODE", "not a SNOMED CT identifier"),
    "future": ("EVENT_DATE", "date after the extract date"),
    "nhs": ("NHS_NUMBER", "Modulus 11"),
    "date": ("EVENT_DATE", "not a valid date"),
    "value": ("VALUE", "not a number"),
}


def _record(i: int, kind: str, rng: random.Random) -> list[str]:
    nhs = GOOD_NHS[i % len(GOOD_NHS)]
    row = [f"E{i}", nhs, "2024-01-01", "38341003", "150", "mm[Hg]"]
    if kind == "snomed":
        row[3] = "38341004"  # Verhoeff check digit wrong
    elif kind == "future":
        row[2] = "2025-04-01"
    elif kind == "nhs":
        row[1] = nhs[:9] + str((int(nhs[9]) + 1) % 10)
    elif kind == "date":
        row[2] = "2024-02-30"
    elif kind == "value":
        row[4] = "1,5"
    if rng.random() < 0.2:
        row[5] = "mm\r\n[Hg]" if rng.random() < 0.5 else "line one\nline two"
    return row


def _write(records: list[list[str]], rng: random.Random, *, crlf: bool, bom: bool) -> bytes:
    """Records as CSV, with blank lines between some and a short (bad) record now and then."""
    end = "\r\n" if crlf else "\n"
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=end, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for row in records:
        if rng.random() < 0.1:
            out.write(end * rng.randint(1, 2))
        writer.writerow(row)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


def _expected(data: bytes) -> tuple[list[list[str]], dict[int, list[str]]]:
    """Records as Python's csv module reads them, numbered from 1 after the header."""
    text = data.decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    return rows[1:], {n: r for n, r in enumerate(rows[1:], start=1)}


def _ingest(tmp_path, data: bytes) -> tuple[dict, list[dict], list[dict]]:
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / NAME).write_bytes(data)
    [report] = ingest_path(folder, tmp_path / "var")
    lake = Lake(tmp_path / "var")
    issues, records = lake.read("_quarantine"), lake.read("_quarantine_records")
    return report, *(t.to_pylist() if t is not None else [] for t in (issues, records))


@pytest.mark.parametrize(("crlf", "bom", "seed"), [(True, True, 1), (False, False, 2)])
def test_quarantine_rows_are_the_exact_source_records_and_counts_reconcile(
    tmp_path, crlf, bom, seed
):
    rng = random.Random(seed)
    kinds = [rng.choice([*BREAKS, *["good"] * 20]) for _ in range(3_000)]
    kinds[5] = kinds[20] = "good"
    kinds[10] = "short"
    records = [
        _record(i, k, rng)[:4] if k == "short" else _record(i, k, rng) for i, k in enumerate(kinds)
    ]
    records[20][0] = records[5][0]  # a duplicate key: the second one is quarantined
    data = _write(records, rng, crlf=crlf, bom=bom)
    assert data.count(b"\n") > len(records) + 50  # line breaks in fields and blank lines
    rows, by_number = _expected(data)
    report, issues, quarantined = _ingest(tmp_path, data)

    assert report["rows_in"] == len(rows) == len(records)
    assert report["rows_in"] == report["accepted"] + report["quarantined"]
    want = {(n, *BREAKS[k][:1]) for n, k in enumerate(kinds, start=1) if k in BREAKS}
    want |= {(11, "(row)"), (21, "EVENT_ID")}
    assert {(i["row_number"], i["field"]) for i in issues} == want
    for issue in issues:  # the value shown is the one in that source record, and the reason
        record, kind = by_number[issue["row_number"]], kinds[issue["row_number"] - 1]
        if issue["field"] in HEADER:
            assert issue["value"].startswith(record[HEADER.index(issue["field"])])
        if kind in BREAKS:
            assert BREAKS[kind][1] in issue["reason"]
    assert report["quarantined"] == len({n for n, _ in want})
    for kept in quarantined:  # the record as sent, for correction, is that source record
        if kept["row_number"] != 11:
            assert list(json.loads(kept["record"]).values()) == by_number[kept["row_number"]]
    accepted = Lake(tmp_path / "var").read("gp_event")
    for row in accepted.select(["record_id", "row_number", "unit"]).to_pylist():
        source = by_number[row["row_number"]]
        assert (row["record_id"], row["unit"]) == (source[0], source[5])


def test_a_clean_file_keeps_every_record_with_its_number(tmp_path):
    rng = random.Random(3)
    records = [_record(i, "good", rng) for i in range(500)]
    data = _write(records, rng, crlf=True, bom=True)
    report, issues, _ = _ingest(tmp_path, data)
    assert (report["rows_in"], report["accepted"], report["quarantined"]) == (500, 500, 0)
    assert issues == []
    accepted = Lake(tmp_path / "var").read("gp_event")
    assert sorted(accepted["row_number"].to_pylist()) == list(range(1, 501))
    assert min(accepted["event_date"].to_pylist()) == date(2024, 1, 1)
