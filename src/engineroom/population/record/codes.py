"""The record's code lists as one table the builder joins: kept as CSV files with their source
named in ``codes/index.json`` (and the population health lists it reuses), read here into Arrow.

One row per (system, code): ``term`` (words for the code), ``role`` (allergy, immunisation,
alert, diagnosis, or null for words only) and ``sensitive`` (a category or null). Where lists
overlap the record's own lists win over the population health lists, and a role or category
over words only, so a code has one meaning.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pyarrow as pa

from engineroom.population.phm import codes as phm_codes

FOLDER = Path(__file__).with_name("codes")
SENSITIVE = ("sexual_health", "fertility", "gender_identity", "safeguarding")
KINDS = ("allergy", "immunisation", "alert")  # GP codes that make an entry of that kind


@cache
def index() -> dict:
    """``codes/index.json``: every list with its file, role, system and source."""
    return json.loads((FOLDER / "index.json").read_text(encoding="utf-8"))


def _rows(file: str) -> list[dict[str, str]]:
    with (FOLDER / file).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _own() -> list[dict]:
    """The record's own lists as rows (system, code, term, role, sensitive)."""
    found = []
    for entry in index()["lists"]:
        role = entry["role"]
        for row in _rows(entry["file"]):
            found.append(
                {
                    "system": row.get("system") or entry["system"],
                    "code": row["code"],
                    "term": row["term"],
                    "role": role if role in KINDS else None,
                    "sensitive": entry.get("category"),
                }
            )
    return found


def _phm() -> list[dict]:
    """Every population health list's codes with their terms; diagnoses marked as such."""
    diagnoses = set(index()["diagnosis_lists"])
    found = []
    for entry in phm_codes.index()["lists"]:
        system = "snomed" if entry["coding_system"] == "snomedct" else entry["coding_system"]
        role = "diagnosis" if entry["name"] in diagnoses else None
        for code, term in phm_codes.read_list(entry["file"]):
            found.append(
                {"system": system, "code": code, "term": term, "role": role, "sensitive": None}
            )
    return found


def _merged(rows: list[dict]) -> list[dict]:
    """One row per (system, code): the first term seen, and any role or category given."""
    merged: dict[tuple[str, str], dict] = {}
    for row in rows:
        key = (row["system"], row["code"])
        if key not in merged:
            merged[key] = dict(row)
            continue
        kept = merged[key]
        kept["role"] = kept["role"] or row["role"]
        kept["sensitive"] = kept["sensitive"] or row["sensitive"]
    return list(merged.values())


@cache
def table() -> pa.Table:
    """Every code the record knows: system, code, term, role, sensitive."""
    rows = _merged(_own() + _phm())
    assert all(r["sensitive"] in (None, *SENSITIVE) for r in rows)
    names = ("system", "code", "term", "role", "sensitive")
    return pa.table({n: pa.array([r[n] for r in rows], pa.string()) for n in names})


@cache
def chapters() -> pa.Table:
    """ICD-10 chapters: first and last three-character code of each, and its title."""
    rows = _rows(index()["icd10_chapters"]["file"])
    return pa.table({n: pa.array([r[n] for r in rows], pa.string()) for n in rows[0]})
