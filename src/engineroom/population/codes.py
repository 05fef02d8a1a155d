"""Syntax checks for clinical codes, vectorised: SNOMED CT ids (Verhoeff) and ICD-10.

We cannot ship the full terminologies, but every SNOMED CT identifier carries a Verhoeff check
digit and a partition, so a mistyped or foreign code (e.g. a Read v2 code) is caught on arrival.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_D = np.array(
    [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]
)
_P = np.array(
    [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]
)
_INV = np.array([0, 4, 3, 2, 1, 5, 6, 7, 8, 9])
ICD10_PATTERN = r"^[A-Z][0-9]{2}(\.?[0-9X]{1,2})?[A-Z]?$"
SNOMED_PATTERN = r"^[1-9][0-9]{5,17}$"


def verhoeff_digit(stem: str) -> int:
    """The Verhoeff check digit to append to ``stem``."""
    c = 0
    for i, ch in enumerate(reversed(stem)):
        c = _D[c][_P[(i + 1) % 8][int(ch)]]
    return int(_INV[c])


def _verhoeff_ok(codes: np.ndarray) -> np.ndarray:
    """Verhoeff validity for an array of digit strings of any length (right-aligned)."""
    width = max((len(s) for s in codes), default=0)
    padded = np.char.rjust(codes.astype(f"U{width}"), width, "0").astype(f"S{width}")
    digits = np.frombuffer(padded.tobytes(), dtype=np.uint8).reshape(-1, width) - ord("0")
    lengths = np.char.str_len(codes.astype(f"U{width}"))
    c = np.zeros(len(codes), dtype=np.int64)
    for i in range(width):  # position i from the right; padding positions are skipped
        step = _D[c, _P[i % 8, digits[:, width - 1 - i]]]
        c = np.where(i < lengths, step, c)
    return c == 0


def snomed_valid(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """True where the value is a syntactically valid SNOMED CT identifier (null counts as valid)."""
    filled = pc.fill_null(values, "1")
    shaped = pc.match_substring_regex(filled, SNOMED_PATTERN).to_numpy(zero_copy_only=False)
    partition = pc.utf8_slice_codeunits(filled, -3, -1)
    shaped &= pc.is_in(partition, pa.array(["00", "01", "02", "10", "11", "12"])).to_numpy(
        zero_copy_only=False
    )
    out = shaped.copy()
    out[pc.is_null(values).to_numpy(zero_copy_only=False)] = True
    idx = np.flatnonzero(shaped)
    if len(idx):
        codes = pc.take(filled, pa.array(idx)).to_numpy(zero_copy_only=False)
        out[idx] = _verhoeff_ok(codes)
    return out


def icd10_valid(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """True where the value looks like an ICD-10 code (null counts as valid)."""
    ok = pc.match_substring_regex(pc.fill_null(values, "A00"), ICD10_PATTERN)
    return ok.to_numpy(zero_copy_only=False)
