"""Code lists, kept as data: one CSV per list in OpenCodelists' download format (``code,term``)
under ``codelists/``, and ``codelists/index.json`` naming each list's role, coding system, source
and version. :func:`codelists` gives them in one dict by role, as the features, eFI and
case-finding read them."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).with_name("codelists")
CONDITIONS = (
    "hypertension",
    "af",
    "diabetes",
    "copd",
    "asthma",
    "chd",
    "heart_failure",
    "ckd",
    "dementia",
    "depression",
    "smi",
    "cancer",
    "learning_disability",
    "palliative_care",
)
EFI_DEFICITS = 36
POLYPHARMACY_MIN = 5
ROLES = {  # index role -> the key of :func:`codelists` it fills
    "condition": "conditions",
    "efi_deficit": "efi_coded",
    "measurement": "measurements",
}


@cache
def index() -> dict:
    """``codelists/index.json``: every list with its file, role, key, coding system, source and
    version, and the eFI deficits taken from a condition's list."""
    return json.loads((FOLDER / "index.json").read_text(encoding="utf-8"))


@cache
def read_list(file: str) -> tuple[tuple[str, str], ...]:
    """(code, term) rows of one CSV, in file order."""
    with (FOLDER / file).open(encoding="utf-8", newline="") as f:
        return tuple((row["code"], row["term"]) for row in csv.DictReader(f))


@cache
def codelists() -> dict:
    """{conditions, efi_coded, measurements: {key: [codes]}, efi_from_conditions: {deficit:
    condition}, icd10_af: [prefixes]}."""
    out: dict = {key: {} for key in ROLES.values()}
    out["efi_from_conditions"] = dict(index()["efi_from_conditions"])
    out["icd10_af"] = []
    for entry in index()["lists"]:
        codes = [code for code, _ in read_list(entry["file"])]
        if entry["role"] == "hospital_diagnosis":
            out["icd10_af"] += codes
        else:
            out[ROLES[entry["role"]]][entry["key"]] = codes
    return out


def efi_deficit_codes() -> dict[str, list[str]]:
    """The 35 coded eFI deficits -> SNOMED CT codes (polypharmacy, the 36th, comes from medicines)."""
    lists = codelists()
    out = {name: list(codes) for name, codes in lists["efi_coded"].items()}
    for name, condition in lists["efi_from_conditions"].items():
        out[name] = list(lists["conditions"][condition])
    assert len(out) == EFI_DEFICITS - 1, len(out)
    return out


def code_rows() -> list[tuple[str, str]]:
    """(code, concept) pairs: ``cond:<condition>`` and ``efi:<coded deficit>``."""
    conditions = codelists()["conditions"].items()
    rows = [(code, "cond:" + name) for name, codes in conditions for code in codes]
    rows += [(code, "efi:" + name) for name, codes in efi_deficit_codes().items() for code in codes]
    return rows
