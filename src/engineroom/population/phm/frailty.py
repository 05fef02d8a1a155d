"""The electronic Frailty Index (Clegg et al. 2016, Age Ageing 45:353), as Ibis expressions.

36 deficits: 35 coded (``codelists/``) plus polypharmacy (5 or more distinct medicines issued
in the last 12 months). Score = deficits / 36. Categories: fit <= 0.12 < mild <= 0.24 <
moderate <= 0.36 < severe.
"""

from __future__ import annotations

import ibis

from engineroom.population.phm.codes import EFI_DEFICITS, POLYPHARMACY_MIN

CATEGORIES = ("fit", "mild", "moderate", "severe")
CUTS = (0.12, 0.24, 0.36)


def score(coded_deficits: ibis.IntegerValue, medicines: ibis.IntegerValue) -> ibis.FloatingValue:
    """(coded deficits + polypharmacy) / 36."""
    poly = (medicines >= POLYPHARMACY_MIN).cast("int64")
    return ((coded_deficits + poly) / EFI_DEFICITS).cast("float64")


def category(efi: ibis.FloatingValue) -> ibis.StringValue:
    """fit <= 0.12 < mild <= 0.24 < moderate <= 0.36 < severe (boundaries belong to the lower);
    compared at 9 decimal places so 13/36 and the like have no float surprises."""
    s = efi.round(9)
    below = zip(CUTS, CATEGORIES[:-1], strict=True)
    return ibis.cases(*((s <= cut, name) for cut, name in below), else_=CATEGORIES[-1])


def add_efi(t: ibis.Table) -> ibis.Table:
    """``t`` (with ``efi_coded`` and ``medicines``) plus ``efi`` and ``efi_category``."""
    t = t.mutate(efi=score(t.efi_coded, t.medicines))
    return t.mutate(efi_category=category(t.efi))
