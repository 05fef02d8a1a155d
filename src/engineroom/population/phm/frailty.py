"""The electronic Frailty Index (Clegg et al. 2016, Age Ageing 45:353).

36 deficits: 35 coded (``codelists.json``) plus polypharmacy (5 or more distinct medicines issued
in the last 12 months). Score = deficits / 36. Categories: fit <= 0.12 < mild <= 0.24 <
moderate <= 0.36 < severe.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engineroom.population.phm.codes import EFI_DEFICITS, POLYPHARMACY_MIN

CATEGORIES = ("fit", "mild", "moderate", "severe")
CUTS = (0.12, 0.24, 0.36)


def efi_score(coded_deficits, medicines) -> np.ndarray:
    coded = np.asarray(coded_deficits, dtype=float)
    if np.any(coded > EFI_DEFICITS - 1) or np.any(coded < 0):
        raise ValueError("coded eFI deficits must be between 0 and 35")
    poly = np.asarray(medicines) >= POLYPHARMACY_MIN
    return (coded + poly) / EFI_DEFICITS


def efi_category(score) -> np.ndarray:
    """fit <= 0.12 < mild <= 0.24 < moderate <= 0.36 < severe (boundaries belong to the lower)."""
    s = np.round(np.asarray(score, dtype=float), 9)  # 13/36 etc. without float surprises
    return np.asarray(CATEGORIES, dtype=object)[np.searchsorted(CUTS, s, side="left")]


def add_efi(frame: pd.DataFrame) -> pd.DataFrame:
    frame["efi"] = efi_score(frame["efi_coded"], frame["medicines"])
    frame["efi_category"] = efi_category(frame["efi"])
    return frame
