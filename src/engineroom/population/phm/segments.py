"""Bridges to Health segmentation (Lynn et al. 2007): exactly one segment per person.

Priority order (a person meeting several definitions takes the first):

1. ``end_of_life`` — short decline at end of life: palliative care coded, or cancer with two or
   more emergency admissions in the last 12 months.
2. ``frailty_dementia`` — long decline with frailty/dementia: dementia coded or eFI > 0.24
   (moderate or severe frailty).
3. ``organ_failure`` — limited reserve with serious exacerbations: heart failure, COPD or CKD.
4. ``stable_disability`` — learning disability or serious mental illness.
5. ``chronic_conditions`` — chronic conditions with normal function: hypertension, AF, diabetes,
   asthma, coronary heart disease, depression or cancer.
6. ``maternal_infant`` — under 1 year old, or a maternity admission in the last 12 months.
7. ``acutely_ill`` — an emergency admission or A&E attendance in the last 12 months.
8. ``healthy`` — everyone else.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEGMENTS = (
    ("end_of_life", "Short decline at end of life"),
    ("frailty_dementia", "Long decline with frailty or dementia"),
    ("organ_failure", "Limited reserve with serious exacerbations (organ failure)"),
    ("stable_disability", "Stable but serious disability"),
    ("chronic_conditions", "Chronic conditions with normal function"),
    ("maternal_infant", "Maternal and infant health"),
    ("acutely_ill", "Acutely ill, likely to recover"),
    ("healthy", "Healthy"),
)
LABELS = dict(SEGMENTS)


def rules(f: pd.DataFrame) -> list[np.ndarray]:
    """One boolean mask per segment, in priority order (the last, healthy, is everyone)."""
    b = lambda col: f[col].to_numpy(dtype=bool)  # noqa: E731
    return [
        b("palliative_care") | (b("cancer") & (f["emergency_admissions"].to_numpy() >= 2)),
        b("dementia") | (f["efi"].to_numpy() > 0.24),
        b("heart_failure") | b("copd") | b("ckd"),
        b("learning_disability") | b("smi"),
        b("hypertension")
        | b("af")
        | b("diabetes")
        | b("asthma")
        | b("chd")
        | b("depression")
        | b("cancer"),
        (f["age"].to_numpy() < 1) | (f["maternity_admissions"].to_numpy() > 0),
        (f["emergency_admissions"].to_numpy() > 0) | (f["ae_attendances"].to_numpy() > 0),
        np.ones(len(f), dtype=bool),
    ]


def assign(frame: pd.DataFrame) -> pd.Series:
    """The first matching segment key for each person (np.select keeps the priority order)."""
    keys = [key for key, _ in SEGMENTS]
    return pd.Series(np.select(rules(frame), keys, default="healthy"), index=frame.index)
