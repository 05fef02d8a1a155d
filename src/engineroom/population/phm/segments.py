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

import functools
import operator

import ibis

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
CHRONIC = ("hypertension", "af", "diabetes", "asthma", "chd", "depression", "cancer")


def _any(t: ibis.Table, *flags: str) -> ibis.BooleanValue:
    return functools.reduce(operator.or_, (t[f] for f in flags))


def rules(t: ibis.Table) -> list[ibis.BooleanValue]:
    """One condition per segment before ``healthy`` (everyone else), in priority order."""
    return [
        t.palliative_care | (t.cancer & (t.emergency_admissions >= 2)),
        t.dementia | (t.efi > 0.24),
        _any(t, "heart_failure", "copd", "ckd"),
        _any(t, "learning_disability", "smi"),
        _any(t, *CHRONIC),
        (t.age < 1) | (t.maternity_admissions > 0),
        (t.emergency_admissions > 0) | (t.ae_attendances > 0),
    ]


def assign(t: ibis.Table) -> ibis.Table:
    """``t`` plus ``segment``: the key of the first matching segment (``ibis.cases`` keeps the
    priority order)."""
    keys = [key for key, _ in SEGMENTS[:-1]]
    return t.mutate(segment=ibis.cases(*zip(rules(t), keys, strict=True), else_="healthy"))
