"""Three years of activity whose emergency-admission hazard has real, known structure.

Hazard (per person-year) = base x age x conditions x frailty (eFI band) x deprivation x care home
x prior emergency use x latent frailty, then saturated smoothly (``h / (1 + h / H)``: time spent in
hospital is time not at risk), never capped. Because we know it, the oracle file records each
person's *true* hazard, so risk models can be judged against the best achievable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from engineroom.population.synth import params as P
from engineroom.population.synth.health import age10, age_band

YEARS = 3
DAYS = 365


@dataclass
class Activity:
    """Event arrays keyed by person index; dates are days since the window start."""

    events: dict[str, pd.DataFrame] = field(default_factory=dict)
    death_day: np.ndarray | None = None  # day of death in the window, else NEVER
    next_death_day: np.ndarray | None = None  # a death in the year after the window (never a feed)
    rates: dict[str, np.ndarray] = field(default_factory=dict)  # annual rates drawn from
    oracle: pd.DataFrame | None = None


def _static_hr(frame: pd.DataFrame) -> np.ndarray:
    hr = np.ones(len(frame))
    for cond, ratio in P.EMERGENCY_HR.items():
        hr *= np.where(frame[cond].to_numpy(), ratio, 1.0)
    hr *= P.EFI_ADMISSION_HR[frame["efi_band"].to_numpy()]
    hr *= P.EMERGENCY_DEPRIVATION_HR ** ((10 - frame["decile"].to_numpy()) / 9)
    hr *= np.where(frame["care_home"].to_numpy(), P.EMERGENCY_CARE_HOME_HR, 1.0)
    return hr * frame["latent"].to_numpy()


NEVER = np.iinfo(np.int64).max


def _hazard(frame: pd.DataFrame, static: np.ndarray, year: int, prior: np.ndarray) -> np.ndarray:
    age = frame["age"].to_numpy() - (YEARS - 1 - year)  # age during that year
    prior_hr = P.EMERGENCY_PRIOR_HR ** np.minimum(prior, 4)
    return P.EMERGENCY_AGE[age10(np.maximum(age, 0))] * static * prior_hr


def saturate(h: np.ndarray) -> np.ndarray:
    """Admissions a year, slowed smoothly as they rise: time in hospital is not time at risk."""
    return h / (1 + h / P.HAZARD_SATURATION)


def _scale_to_target(raw: np.ndarray) -> float:
    """The multiplier that makes the mean saturated hazard England's crude rate."""
    return brentq(lambda s: saturate(raw * s).mean() - P.EMERGENCY_TARGET_RATE, 1e-6, 1e6)


def _calibrate(frame: pd.DataFrame, static: np.ndarray, rng: np.random.Generator) -> tuple:
    """Scale so the year-one mean hazard matches England's crude rate; returns (scale, prior)."""
    base = _hazard(frame, static, 0, np.zeros(len(frame)))
    prior = rng.poisson(saturate(base * _scale_to_target(base)))  # burn-in year before the window
    return _scale_to_target(_hazard(frame, static, 0, prior)), prior


def death_probability(frame: pd.DataFrame) -> np.ndarray:
    """Each person's chance of dying in a year (ONS life tables x eFI mortality hazard ratio)."""
    band = age10(frame["age"].to_numpy())
    mort = P.MORTALITY_AGE[band] * P.EFI_MORTALITY_HR[frame["efi_band"].to_numpy()]
    return np.clip(mort / 1.6, 0, 0.9)


def simulate(frame: pd.DataFrame, rng: np.random.Generator) -> Activity:
    """Burn-in year, then three observed years; deaths stop later activity. Also draws who dies
    in the year after the window (for end-of-life coding; never a feed)."""
    static = _static_hr(frame)
    n = len(frame)
    calibrate, prior = _calibrate(frame, static, rng)
    death_day = np.full(n, NEVER)
    born = YEARS * DAYS - 1 - frame["age_days"].to_numpy()
    hazards, admissions = [], []
    mort = death_probability(frame)
    for year in range(YEARS + 1):
        h = saturate(_hazard(frame, static, year, prior) * calibrate)
        hazards.append(h)
        alive = death_day == NEVER
        dies = alive & (rng.random(n) < mort)
        death_day[dies] = year * DAYS + rng.integers(0, DAYS, dies.sum())
        if year == YEARS:
            break
        counts = np.where(alive, rng.poisson(h), 0)
        who = np.repeat(np.arange(n), counts)
        day = year * DAYS + rng.integers(0, DAYS, len(who))
        keep = (day < death_day[who]) & (day >= born[who])
        admissions.append(pd.DataFrame({"person": who[keep], "day": day[keep]}))
        prior = np.bincount(who[keep], minlength=n)
    later = death_day >= YEARS * DAYS
    act = Activity(death_day=np.where(later, NEVER, death_day))
    act.next_death_day = np.where(later, death_day, NEVER)
    death_day = act.death_day
    act.events["emergency"] = pd.concat(admissions, ignore_index=True)
    act.oracle = pd.DataFrame({f"hazard_year{y + 1}": h for y, h in enumerate(hazards[:YEARS])})
    act.oracle["hazard_next_year"] = np.where(death_day < YEARS * DAYS, 0.0, hazards[YEARS])
    return act


def poisson_events(
    rate: np.ndarray, death_day: np.ndarray, rng: np.random.Generator, birth_day: np.ndarray
) -> pd.DataFrame:
    """Events at a per-person annual ``rate`` over the window, none after death."""
    counts = rng.poisson(rate * YEARS)
    who = np.repeat(np.arange(len(rate)), counts)
    day = rng.integers(0, YEARS * DAYS, len(who))
    keep = (day < death_day[who]) & (day >= birth_day[who])
    return pd.DataFrame({"person": who[keep], "day": day[keep]})


def other_activity(frame: pd.DataFrame, act: Activity, rng: np.random.Generator) -> None:
    """A&E, elective, outpatient, community, mental health and social care events."""
    band = age10(frame["age"].to_numpy())
    latent = frame["latent"].to_numpy()
    morbid = sum(frame[c].to_numpy().astype(float) for c in P.CONDITIONS)
    u_shape = np.sqrt(P.EMERGENCY_AGE / P.EMERGENCY_AGE.mean())[band]
    rising = (0.4 + band / 6) / 1.0
    dep = 1.3 ** ((10 - frame["decile"].to_numpy()) / 9)
    d = act.death_day
    born = YEARS * DAYS - 1 - frame["age_days"].to_numpy()  # no care before birth
    ev = act.events
    act.rates["ae"] = P.AE_RATE * u_shape * dep * latent
    ev["ae"] = poisson_events(act.rates["ae"], d, rng, born)
    ev["elective"] = poisson_events(P.ELECTIVE_RATE * rising * latent, d, rng, born)
    ev["outpatient"] = poisson_events(
        P.OUTPATIENT_RATE * rising * (0.6 + 0.3 * morbid) / 1.4, d, rng, born
    )
    frail = frame["efi_band"].to_numpy()
    ev["community"] = poisson_events(
        P.COMMUNITY_RATE * rising * (0.3 + frail * 2.5) * latent, d, rng, born
    )
    mh_rate = 8 * frame["smi"] + 0.6 * frame["depression"] + 1.5 * frame["dementia"] + 0.01
    ev["mh"] = poisson_events(mh_rate.to_numpy(float), d, rng, born)
    p_social = np.where(frame["age"].to_numpy() >= 65, 0.02 + 0.12 * frail, 0.003)
    p_social = np.maximum(p_social, np.where(frame["care_home"], 0.95, 0))
    has = np.flatnonzero(rng.random(len(frame)) < p_social)
    ev["social_care"] = pd.DataFrame(
        {"person": has, "day": rng.integers(-400, YEARS * DAYS, len(has))}
    )
    homes = np.flatnonzero(frame["care_home"].to_numpy())
    ev["care_home"] = pd.DataFrame({"person": homes, "day": -rng.integers(1, 1500, len(homes))})


def window_start(as_of: date) -> date:
    return as_of - timedelta(days=YEARS * DAYS - 1)


def band_of(frame: pd.DataFrame) -> np.ndarray:
    return age_band(frame["age"].to_numpy())
