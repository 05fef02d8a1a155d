"""Realistic dirt for partner feeds, injected on disjoint rows and counted.

Real extracts arrive with missing or mistyped NHS numbers, impossible or future dates, codes
from the wrong code system and duplicated rows. We inject each at a documented rate (SUS data
quality dashboards: NHS number valid in ~99% of APC and ~97% of A&E records) and record how many,
so tests can check ingestion quarantines exactly what was injected.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

RATES = {
    "nhs_missing": 0.01,
    "nhs_invalid": 0.002,
    "bad_date": 0.0005,
    "future_date": 0.0002,
    "unknown_code": 0.001,
    "duplicate": 0.003,
}
GP_RATES = {**RATES, "nhs_missing": 0.0005, "nhs_invalid": 0.0005}
BAD_DATES = ["2024-02-30", "31/12/2024", "2024-13-01", "yesterday"]
BAD_CODES = {"snomed": "G30..", "icd10": "XYZ", "tfc": "9999"}


def _replace(arr: pa.Array, rows: np.ndarray, values: list[str]) -> pa.Array:
    mask = np.zeros(len(arr), dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(arr, pa.array(mask), pa.array(values, pa.string()))


def _corrupt_nhs(arr: pa.Array, rows: np.ndarray) -> list[str]:
    """Change the check digit so the Modulus 11 test fails (a typical keying error)."""
    values = pc.take(arr, pa.array(rows)).to_pylist()
    return [v[:9] + str((int(v[9]) + 1) % 10) for v in values]


def inject(
    cols: dict[str, pa.Array],
    rng: np.random.Generator,
    *,
    extract: date,
    date_col: str,
    code_col: tuple[str, str] | None = None,
    rates: dict[str, float] = RATES,
) -> tuple[dict[str, pa.Array], dict[str, int]]:
    """Return dirtied columns and the count of each kind of dirt injected."""
    n = len(next(iter(cols.values())))
    counts = {k: int(rng.binomial(n, r)) if n else 0 for k, r in rates.items()}
    if code_col is None:
        counts["unknown_code"] = 0
    order = rng.permutation(n)
    cuts = np.cumsum([0, *(counts[k] for k in ("nhs_missing", "nhs_invalid", "bad_date"))])
    cuts = np.append(cuts, cuts[-1] + counts["future_date"])
    cuts = np.append(cuts, cuts[-1] + counts["unknown_code"])
    rows = {
        k: order[cuts[i] : cuts[i + 1]]
        for i, k in enumerate(
            ("nhs_missing", "nhs_invalid", "bad_date", "future_date", "unknown_code")
        )
    }
    nhs = cols["NHS_NUMBER"]
    cols["NHS_NUMBER"] = _replace(nhs, rows["nhs_missing"], [""] * counts["nhs_missing"])
    cols["NHS_NUMBER"] = _replace(
        cols["NHS_NUMBER"], rows["nhs_invalid"], _corrupt_nhs(nhs, rows["nhs_invalid"])
    )
    bad = [BAD_DATES[i % len(BAD_DATES)] for i in range(counts["bad_date"])]
    cols[date_col] = _replace(cols[date_col], rows["bad_date"], bad)
    future = [
        str(extract + timedelta(days=int(d))) for d in rng.integers(30, 400, counts["future_date"])
    ]
    cols[date_col] = _replace(cols[date_col], rows["future_date"], future)
    if code_col:
        name, system = code_col
        cols[name] = _replace(
            cols[name], rows["unknown_code"], [BAD_CODES[system]] * counts["unknown_code"]
        )
    clean = order[cuts[-1] :]
    dupes = np.sort(rng.choice(clean, min(counts["duplicate"], len(clean)), replace=False))
    counts["duplicate"] = len(dupes)
    if len(dupes):
        take = np.concatenate([np.arange(n), dupes])
        take = take[np.argsort(take, kind="stable")]  # a duplicate follows its original
        cols = {k: pc.take(v, pa.array(take)) for k, v in cols.items()}
    return cols, counts
