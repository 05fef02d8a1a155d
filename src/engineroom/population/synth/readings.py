"""Readings in the GP record: blood pressure and pulse, HbA1c, eGFR and urine ACR, at the
frequencies monitoring and screening give (``params.SOURCES["READINGS"]``).

Undiagnosed conditions show in their readings as they would in life, so case-finding has
something real to find: raised blood pressure, an irregular pulse, an HbA1c of 48 or more, an
eGFR below 60 on readings months apart. Every reading is (person, day, code, value).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engineroom.population.synth import params as P
from engineroom.population.synth.health import coded

YEARS, DAYS = 3, 365


def readings(people: pd.DataFrame, rng: np.random.Generator) -> list[pd.DataFrame]:
    """Every reading of the window, as frames of (person, day, code, value)."""
    return [
        *_blood_pressure_and_pulse(people, rng),
        *_hba1c(people, rng),
        *_kidney(people, rng),
    ]


def _frame(who: np.ndarray, day: np.ndarray, code: str, value) -> pd.DataFrame:
    return pd.DataFrame({"person": who, "day": day, "code": code, "value": value})


def _checks(rng, chance: np.ndarray, per_year: int = 1) -> list[tuple[np.ndarray, np.ndarray]]:
    """Who is checked on which day: each year, ``per_year`` times, with the given chance."""
    out = []
    for year in range(YEARS):
        for _ in range(per_year):
            who = np.flatnonzero(rng.random(len(chance)) < chance)
            out.append((who, year * DAYS + rng.integers(0, DAYS, len(who))))
    return out


def _blood_pressure_and_pulse(p: pd.DataFrame, rng) -> list[pd.DataFrame]:
    """Adults 40+ have yearly readings (most with a pulse rate); undiagnosed hypertension shows
    as raised readings; AF as an irregular pulse at some checks from 65 (opportunistic)."""
    age = p["age"].to_numpy()
    htn, dx = p["hypertension"].to_numpy(), p["hypertension_diagnosed"].to_numpy()
    af = p["af"].to_numpy()
    frames = []
    for who, day in _checks(rng, np.where(dx, 0.9, 0.55) * (age >= 40)):
        mean = np.where(dx[who], 138, np.where(htn[who], 152, 124))
        systolic = np.round(rng.normal(mean, 11))
        diastolic = np.round(systolic * 0.6 + rng.normal(5, 6))
        irregular = np.where(af[who], 0.3, 0.004) * (age[who] >= 65)
        pulse = np.round(rng.normal(np.where(af[who], 84, 72), 10))
        with_pulse = rng.random(len(who)) < 0.8
        flagged = rng.random(len(who)) < irregular
        frames += [
            _frame(who, day, P.BP_SYSTOLIC, systolic),
            _frame(who, day, P.BP_DIASTOLIC, diastolic),
            _frame(who[with_pulse], day[with_pulse], P.PULSE_RATE, pulse[with_pulse]),
            _frame(who[flagged], day[flagged], P.IRREGULAR_PULSE, np.nan),
        ]
    return frames


def _hba1c(p: pd.DataFrame, rng) -> list[pd.DataFrame]:
    """Twice a year with diabetes coded; otherwise now and then from 40 (health checks, risk):
    undiagnosed diabetes mostly at 48 mmol/mol or more, others below."""
    age = p["age"].to_numpy()
    diabetes, known = p["diabetes"].to_numpy(), coded(p, "diabetes")
    chance = np.where(known, 0.95, np.where(diabetes, 0.3, 0.12)) * ((age >= 40) | known)
    frames = []
    for who, day in _checks(rng, chance, per_year=2):
        mean = np.where(known[who], 58, np.where(diabetes[who], 55, 38))
        value = np.round(np.clip(rng.normal(mean, np.where(diabetes[who], 9, 4)), 25, 140))
        frames.append(_frame(who, day, P.HBA1C, value))
    return frames


def _kidney(p: pd.DataFrame, rng) -> list[pd.DataFrame]:
    """eGFR (with urine ACR when monitored) yearly for people with diabetes, hypertension or CKD
    coded, now and then from 40 otherwise; CKD 3-5 below 60, others at 60 or more but for the
    odd acute dip."""
    age = p["age"].to_numpy()
    ckd = p["ckd"].to_numpy()
    monitored = coded(p, "diabetes") | p["hypertension_diagnosed"].to_numpy() | coded(p, "ckd")
    chance = np.where(monitored, 0.85, np.where(ckd, 0.35, 0.2)) * ((age >= 40) | monitored)
    frames = []
    for who, day in _checks(rng, chance):
        healthy = np.maximum(rng.normal(100 - 0.6 * np.maximum(age[who] - 30, 0), 12), 60)
        dip = rng.random(len(who)) < 0.02
        value = np.where(ckd[who], rng.normal(45, 9), np.where(dip, rng.uniform(45, 60), healthy))
        frames.append(_frame(who, day, P.EGFR, np.round(np.clip(value, 5, 140))))
        acr = np.round(rng.lognormal(np.where(ckd[who], 1.0, -0.3), 0.9), 1)
        frames.append(_frame(who[monitored[who]], day[monitored[who]], P.ACR, acr[monitored[who]]))
    return frames
