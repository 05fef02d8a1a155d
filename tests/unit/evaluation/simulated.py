"""Simulated care-home cohorts with known confounding and a planted effect (no lake needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engineroom.population.evaluation.cohort import COVARIATES


def confounded_cohort(
    n: int = 3000, *, effect: float = 0.77, seed: int = 1, years: float = 2.0
) -> pd.DataFrame:
    """Residents where the frailer, older and more deprived are more often treated AND have more
    emergency admissions, so the naive rate ratio is biased upwards; the treatment multiplies the
    rate by ``effect``. Columns as :func:`cohort.cohort_frame` gives them."""
    rng = np.random.default_rng(seed)
    age = rng.normal(84, 7, n).round()
    efi = np.clip(rng.beta(3, 10, n) + 0.004 * (age - 84), 0, 1)
    decile = rng.integers(1, 11, n).astype(float)
    prior = rng.poisson(0.4 + 3 * efi)
    score = -1.2 + 0.06 * (age - 84) + 6 * (efi - 0.23) - 0.12 * (decile - 5.5) + 0.3 * prior
    treated = rng.random(n) < 1 / (1 + np.exp(-score))
    frame = pd.DataFrame(
        {
            "age": age,
            "female": rng.random(n) < 0.7,
            "deprivation_decile": decile,
            "efi": efi,
            "long_term_conditions": rng.poisson(2 + 4 * efi),
            "dementia": rng.random(n) < 0.6,
            "prior_emergency_admissions": prior,
            "prior_ae_attendances": prior + rng.poisson(0.3, n),
            "prior_emergency_bed_days": prior * rng.integers(0, 12, n),
            "prior_elective_admissions": rng.poisson(0.1, n),
            "treated": treated,
        }
    )
    frame["nursing"] = frame["dementia"]
    frame["person_years"] = np.where(rng.random(n) < 0.25, rng.uniform(0.05, years, n), years)
    rate = 0.5 * np.exp(0.03 * (age - 84) + 3 * efi - 0.05 * (decile - 5.5) + 0.25 * prior)
    mean = rate * frame["person_years"] * np.where(treated, effect, 1.0)
    frame["emergency_admissions"] = rng.poisson(mean)
    frame["ae_attendances"] = frame["emergency_admissions"] + rng.poisson(mean * 0.4)
    frame["emergency_bed_days"] = rng.poisson(6 * frame["emergency_admissions"])
    frame["deaths_outside_hospital"] = (rng.random(n) < 0.1).astype(int)
    assert set(COVARIATES) <= set(frame.columns)
    return frame
