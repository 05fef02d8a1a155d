"""Care homes (with the planted enhanced-support intervention), lengths of stay, maternity spells
and end-of-life coding: the parts of people's care that shape bed days and segments.

The intervention is the Rushcliffe shape (:data:`params.CARE_HOME_SUPPORT`): every care home in
the places with most residents (about 40% of them) gets enhanced support from a start date, and its residents' A&E attendances and
emergency admissions after that date are thinned by known rate ratios. Thinning a Poisson process
by a probability multiplies its rate by exactly that probability, so the truth an evaluation must
recover is known. A&E attendances include the emergency admissions that arrive through A&E, so
the attendances that do not end in admission are thinned by the factor that makes the expected
rate ratio of *all* attendances the planted one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engineroom.population.synth import params as P
from engineroom.population.synth.activity import (
    DAYS,
    NEVER,
    YEARS,
    Activity,
    death_probability,
)
from engineroom.population.synth.health import age10, mothers

CQC_BASE = 8_000_000_000


def care_homes(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Who lives in a care home at the window start (older, frailer, dementia), and in which
    home: homes belong to a place and are nursing (residents with dementia) or residential.
    Sets ``care_home`` and ``home``; returns the homes (home, place, nursing)."""
    p = P.CARE_HOME_P[age10(frame["age"].to_numpy())] * (1 + 3 * frame["dementia"].to_numpy())
    p = np.clip(p * (0.5 + frame["efi_band"].to_numpy() * 0.5), 0, 0.9)
    frame["care_home"] = rng.random(len(frame)) < p
    home = np.full(len(frame), "", dtype=object)
    homes = []
    residents = frame[frame["care_home"]]
    for (place, nursing), rows in residents.groupby(["place", "dementia"]).indices.items():
        count = int(np.ceil(len(rows) / P.RESIDENTS_PER_HOME))
        ids = [f"1-{CQC_BASE + (len(homes) + i) * 7919:010d}" for i in range(count)]
        homes += [(i, place, bool(nursing)) for i in ids]
        home[residents.index[rows]] = np.asarray(ids, dtype=object)[
            rng.integers(0, count, len(rows))
        ]
    frame["home"] = home
    return pd.DataFrame(homes, columns=["home", "place", "nursing"])


def lengths_of_stay(frame: pd.DataFrame, act: Activity, rng: np.random.Generator) -> None:
    """Bed days per spell: emergency stays lengthen with age and frailty and vary a lot between
    people (lognormal), so a few patients use most bed days; elective stays are short."""
    age = frame["age"].to_numpy()
    person_factor = rng.lognormal(-(P.LOS_SIGMA**2) / 2, P.LOS_SIGMA, len(frame))
    mean = (1 + age / 12) * (1 + 0.3 * frame["efi_band"].to_numpy()) * person_factor
    em = act.events["emergency"]
    em["los"] = rng.geometric(1 / (1 + mean[em["person"].to_numpy()])) - 1
    el = act.events["elective"]
    el["los"] = rng.integers(0, 3, len(el))


def maternity(frame: pd.DataFrame, act: Activity, rng: np.random.Generator) -> None:
    """Delivery spells of women aged 15-44 at the time (one or two days)."""
    counts = rng.poisson(np.where(mothers(frame), P.MATERNITY_RATE * YEARS, 0.0))
    who = np.repeat(np.arange(len(frame)), counts)
    day = rng.integers(0, YEARS * DAYS, len(who))
    keep = day < act.death_day[who]
    spells = pd.DataFrame({"person": who[keep], "day": day[keep]})
    spells["los"] = rng.integers(1, 3, len(spells))
    act.events["maternity"] = spells


def palliative(frame: pd.DataFrame, act: Activity, rng: np.random.Generator) -> np.ndarray:
    """The day palliative care was coded (NEVER if not): for many people in their last two
    years, more often with cancer, dementia, heart failure or COPD; never after the window."""
    death = np.where(act.death_day != NEVER, act.death_day, act.next_death_day)
    dies = death != NEVER
    serious = frame[["dementia", "heart_failure", "copd"]].to_numpy().any(axis=1)
    chance = np.where(frame["cancer"].to_numpy(), 0.75, np.where(serious, 0.5, 0.3))
    coded = dies & (rng.random(len(frame)) < chance)
    day = np.where(coded, death - rng.integers(14, 2 * DAYS, len(frame)), NEVER)
    # People who will die later than that, coded now in proportion to their risk of dying.
    later = ~dies & (rng.random(len(frame)) < chance * death_probability(frame))
    day = np.where(later, YEARS * DAYS - rng.integers(1, 2 * DAYS, len(frame)), day)
    return np.where((day >= 0) & (day < YEARS * DAYS), day, NEVER)


def plant_support(frame: pd.DataFrame, homes: pd.DataFrame, act: Activity, rng) -> dict:
    """Thin the A&E attendances and emergency admissions of residents of the supported homes
    after the start; returns the truth (the homes, the start day and the rate ratios)."""
    plan = P.CARE_HOME_SUPPORT
    start, effects = plan["start_day"], plan["effects"]
    places = _supported_places(frame, plan["share"])
    chosen = homes.loc[homes["place"].isin(places), "home"].tolist()
    treated = np.isin(frame["home"].to_numpy(), chosen) & (act.death_day > start)
    other = _other_attendance_ratio(act, treated, start, effects)
    for kind, ratio in (("emergency", effects["emergency_admissions"]), ("ae", other)):
        ev = act.events[kind]
        hit = treated[ev["person"].to_numpy()] & (ev["day"].to_numpy() >= start)
        act.events[kind] = ev[~hit | (rng.random(len(ev)) < ratio)].reset_index(drop=True)
    return {
        "name": plan["name"],
        "start_day": start,
        "places": places,
        "homes": chosen,
        "residents": int(treated.sum()),
        "effects": effects,
        "other_attendance_ratio": round(float(other), 4),
    }


def _supported_places(frame: pd.DataFrame, share: float) -> list[str]:
    """The places with most care-home residents (ties by code), taken until they hold ``share``
    of all residents; never every place, so there is always a comparison pool."""
    counts = frame.loc[frame["care_home"], "place"].value_counts()
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen, held = [], 0
    for place, n in ordered[: max(len(ordered) - 1, 1)]:
        chosen.append(place)
        held += n
        if held >= share * counts.sum():
            break
    return chosen


def _other_attendance_ratio(act: Activity, treated: np.ndarray, start: int, effects) -> float:
    """The thinning of attendances not ending in admission that makes all attendances' expected
    rate ratio the planted one, from the treated residents' own rates after the start."""
    exposure = [_exposure(act.death_day[treated], start, year) for year in range(YEARS)]
    admit = sum(
        e * act.oracle[f"hazard_year{y + 1}"].to_numpy()[treated] for y, e in enumerate(exposure)
    )
    other = sum(exposure) * act.rates["ae"][treated]
    via, ae = P.VIA_AE_SHARE * admit.sum(), other.sum()
    if ae <= 0:
        return 1.0
    wanted = effects["ae_attendances"] * (via + ae) - effects["emergency_admissions"] * via
    return float(np.clip(wanted / ae, 0.0, 1.0))


def _exposure(death_day: np.ndarray, start: int, year: int) -> np.ndarray:
    """Years at risk within ``year`` of the window after ``start`` and before death."""
    low, high = max(start, year * DAYS), np.minimum((year + 1) * DAYS, death_day)
    return np.maximum(high - low, 0) / DAYS
