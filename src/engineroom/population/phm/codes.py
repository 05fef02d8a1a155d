"""Code lists, kept as data (``codelists.json``, source named inside)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

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


@cache
def codelists() -> dict:
    return json.loads((Path(__file__).with_name("codelists.json")).read_text(encoding="utf-8"))


def efi_deficit_codes() -> dict[str, list[str]]:
    """The 35 coded eFI deficits -> SNOMED CT codes (polypharmacy, the 36th, comes from medicines)."""
    lists = codelists()
    out = {name: [code] for name, code in lists["efi_coded"].items()}
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
