"""Long-term conditions, medicines and frailty (eFI), drawn so they cluster as they do in life.

A person-level latent factor (lognormal) multiplies every condition and deficit probability, so
multimorbidity clusters; prevalence varies by age band, sex and deprivation as in QOF/HSE.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engineroom.population.synth import params as P


def age_band(age: np.ndarray) -> np.ndarray:
    """Index into the five broad bands 0-17, 18-39, 40-59, 60-74, 75+."""
    return np.searchsorted(P.PREV_BANDS, age, side="right") - 1


def age10(age: np.ndarray) -> np.ndarray:
    """Index into the ten-year bands 0-9 ... 80-89, 90+."""
    return np.minimum(age // 10, 9).astype(int)


def _dep_factor(decile: np.ndarray, ratio: float) -> np.ndarray:
    """Multiplier rising log-linearly from least (10) to most (1) deprived, averaging ~1."""
    raw = ratio ** ((10 - decile) / 9)
    return raw / np.mean(ratio ** ((10 - np.arange(1, 11)) / 9))


def conditions(frame: pd.DataFrame, rng: np.random.Generator) -> None:
    """Add a boolean column per condition, plus ``hypertension_diagnosed`` and ``latent``."""
    n = len(frame)
    band = age_band(frame["age"].to_numpy())
    female = frame["female"].to_numpy()
    decile = frame["decile"].to_numpy()
    latent = rng.lognormal(-(P.LATENT_SIGMA**2) / 2, P.LATENT_SIGMA, n)
    frame["latent"] = latent
    for name, c in P.CONDITIONS.items():
        p = np.asarray(c["p"])[band] * np.where(female, c["female"], 1.0)
        p = np.clip(p * _dep_factor(decile, c["dep"]) * latent, 0, 0.95)
        frame[name] = rng.random(n) < p
    diag = P.HYPERTENSION_DIAGNOSED[band] * np.where(female, 1.0, 0.8)
    frame["hypertension_diagnosed"] = frame["hypertension"].to_numpy() & (rng.random(n) < diag)
    for name, share in P.DIAGNOSED.items():
        frame[f"{name}_diagnosed"] = frame[name].to_numpy() & (rng.random(n) < share[band])


def mothers(frame: pd.DataFrame) -> np.ndarray:
    """Women aged 15-44 in the middle of the window (who have maternity spells)."""
    age = frame["age"].to_numpy() - 1
    return frame["female"].to_numpy() & (age >= 15) & (age <= 44)


def coded(frame: pd.DataFrame, condition: str) -> np.ndarray:
    """Who has ``condition`` coded in the GP record (diagnosed, where some go undiagnosed)."""
    name = f"{condition}_diagnosed"
    return frame[name if name in frame else condition].to_numpy()


def medicines(frame: pd.DataFrame, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Current repeat medicines as (person index, medicine index) pairs, without duplicates."""
    people, meds = [], []
    for cond, items in P.MEDICINES_BY_CONDITION.items():
        who = np.flatnonzero(coded(frame, cond))
        for med in items:
            taking = who[rng.random(len(who)) < 0.8]
            people.append(taking)
            meds.append(np.full(len(taking), med))
    extra_rate = (
        P.OTHER_MEDICINE_RATE[age_band(frame["age"].to_numpy())] * frame["latent"].to_numpy()
    )
    k = rng.poisson(extra_rate)
    who = np.repeat(np.arange(len(frame)), k)
    people.append(who)
    meds.append(rng.integers(0, len(P.MEDICINES), len(who)))
    key = np.unique(np.concatenate(people) * 100 + np.concatenate(meds))
    return key // 100, key % 100


def frailty(frame: pd.DataFrame, med_person: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Coded eFI deficits as a (n, len(EFI_CODED)) bool matrix; sets ``efi`` and ``efi_band``
    (as the GP record shows them: conditions count once coded)."""
    n = len(frame)
    p = P.EFI_DEFICIT_P[age10(frame["age"].to_numpy())] * frame["latent"].to_numpy()
    p = np.clip(p * 1.3, 0, 0.9)
    deficits = rng.random((n, len(P.EFI_CODED))) < p[:, None]
    from_conditions = sum(coded(frame, c).astype(int) for c in P.EFI_FROM_CONDITIONS.values())
    med_count = np.bincount(med_person, minlength=n)
    frame["medicine_count"] = med_count
    poly = med_count >= P.POLYPHARMACY_MIN
    frame["efi"] = (deficits.sum(axis=1) + from_conditions + poly) / 36
    frame["efi_band"] = np.searchsorted(P.EFI_CUTS, frame["efi"].to_numpy(), side="left")
    return deficits
