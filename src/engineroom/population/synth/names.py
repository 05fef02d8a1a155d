"""Fictional names for the synthetic registered lists (GP registration carries the name, as the
Personal Demographics Service does).

Given names are drawn from the most common names given to babies in England and Wales
(ONS, "Baby names in England and Wales", 1996-2020 releases) and family names from the most
common surnames in England and Wales (ONS 2002 analysis of the NHS Central Register). Every
combination is made up: a name is chosen by a hash of the synthetic NHS number (itself in a
range never issued), so it is the same in every build and takes nothing from the random stream
the rest of the population is drawn from. The lists, with their source, are in ``names.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

NAMES = json.loads(Path(__file__).with_name("names.json").read_text(encoding="utf-8"))
FEMALE, MALE, FAMILY = (tuple(NAMES[k]) for k in ("female", "male", "family"))


def _pick(nhs_numbers: np.ndarray, options: tuple[str, ...], salt: int) -> np.ndarray:
    """One of ``options`` per NHS number, by a multiplicative hash of the number."""
    number = np.asarray(nhs_numbers, dtype=np.uint64)
    mixed = (number * np.uint64(2654435761) + np.uint64(salt)) % np.uint64(2**61 - 1)
    mixed ^= mixed >> np.uint64(17)
    return np.asarray(options, dtype=object)[(mixed % np.uint64(len(options))).astype(np.int64)]


def given_names(nhs_numbers: np.ndarray, female: np.ndarray) -> np.ndarray:
    """A given name for each person, from the list for their sex."""
    return np.where(
        np.asarray(female, dtype=bool),
        _pick(nhs_numbers, FEMALE, 7919),
        _pick(nhs_numbers, MALE, 7919),
    )


def family_names(nhs_numbers: np.ndarray) -> np.ndarray:
    return _pick(nhs_numbers, FAMILY, 104729)
