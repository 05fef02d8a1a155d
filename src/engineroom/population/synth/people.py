"""People: who lives where, their age, sex, ethnicity, deprivation and registered practice.

Everything is drawn in whole arrays from one seeded generator, so a region of a million people
takes seconds and the same seed always gives the same people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engineroom.population.nhs_number import make_valid
from engineroom.population.region import RegionSpec
from engineroom.population.synth import params as P

PEOPLE_PER_LSOA = 1_600
LSOAS_PER_DISTRICT = 8
NHS_STEM_BASE = 900_000_000  # the 9xx range is never issued to real people


@dataclass
class Geography:
    """Flattened structure: one row per neighbourhood with its place, council and practices."""

    hoods: pd.DataFrame
    practices: dict[str, list[str]]


def flatten(spec: RegionSpec, scale: float) -> Geography:
    rows, practices = [], {}
    for system in spec["systems"]:
        for place in system["places"]:
            for hood in place["neighbourhoods"]:
                rows.append(
                    {
                        "system": system["code"],
                        "place": place["code"],
                        "council": place["council"],
                        "hood": hood["code"],
                        "n": round(hood["population"] * scale),
                        "imd": hood.get("imd_decile", 1 + (sum(map(ord, hood["code"])) % 90) / 10),
                    }
                )
                practices[hood["code"]] = [p["ods"] for p in hood["practices"]]
    return Geography(pd.DataFrame(rows), practices)


def lsoas(geo: Geography, rng: np.random.Generator) -> pd.DataFrame:
    """Fictional LSOAs (E019xxxxx, outside the real range) with IMD deciles around each hood's mean."""
    counts = np.maximum(1, np.ceil(geo.hoods["n"].to_numpy() / PEOPLE_PER_LSOA).astype(int))
    hood = np.repeat(geo.hoods["hood"].to_numpy(), counts)
    mean = np.repeat(geo.hoods["imd"].to_numpy(float), counts)
    decile = np.clip(np.round(rng.normal(mean, 1.5)), 1, 10).astype(int)
    idx = np.arange(len(hood))
    return pd.DataFrame(
        {
            "lsoa": [f"E01{900000 + i:06d}" for i in idx],
            "hood": hood,
            "decile": decile,
            "district": [f"XX{1 + i // LSOAS_PER_DISTRICT}" for i in idx],
        }
    )


def nhs_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """Unique valid NHS numbers from the 9xx test range via an affine bijection (no big permutation).
    900-998 only: 999 numbers are NHS test data, which ingest flags."""
    span = 99_000_000
    offset, mult = int(rng.integers(span)), 48_271  # a prime multiplier, coprime with the span
    out: list[np.ndarray] = []
    start, got = 0, 0
    while got < n:
        i = np.arange(start, start + int((n - got) * 1.15) + 16, dtype=np.int64)
        nums = make_valid(NHS_STEM_BASE + (offset + i * mult) % span)
        nums = nums[nums >= 0][: n - got]
        out.append(nums)
        got += len(nums)
        start = int(i[-1]) + 1
    return np.concatenate(out) if out else np.array([], dtype=np.int64)


def people(
    spec: RegionSpec, rng: np.random.Generator, scale: float, survival: np.ndarray | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per person alive at the window start plus the LSOA reference table. Ages are
    drawn so that those still alive at the extract have England's age structure: each band's
    share divided by its ``survival`` over the window (:func:`survival_by_band`)."""
    geo = flatten(spec, scale)
    areas = lsoas(geo, rng)
    n = int(geo.hoods["n"].sum())
    hood_of = np.repeat(np.arange(len(geo.hoods)), geo.hoods["n"].to_numpy())
    frame = geo.hoods.iloc[hood_of].reset_index(drop=True)[["system", "place", "council", "hood"]]
    frame["nhs_number"] = nhs_numbers(n, rng)
    _age_sex(frame, rng, P.AGE_BANDS / (1.0 if survival is None else survival))
    frame["ethnicity"] = rng.choice(
        list(P.ETHNICITY), n, p=np.array(list(P.ETHNICITY.values())) / 1.0
    )
    _residence(frame, areas, rng)
    _practice(frame, geo, rng)
    return frame, areas


def _age_sex(frame: pd.DataFrame, rng: np.random.Generator, weights: np.ndarray) -> None:
    n = len(frame)
    band = rng.choice(len(P.AGE_BANDS), n, p=weights / weights.sum())
    width = np.where(band == len(P.AGE_BANDS) - 1, 12, 5)
    frame["age_days"] = ((band * 5 + rng.random(n) * width) * 365.25).astype(np.int64)
    frame["age"] = frame["age_days"] // 365.25
    frame["female"] = rng.random(n) < P.FEMALE_SHARE[band]


def _residence(frame: pd.DataFrame, areas: pd.DataFrame, rng: np.random.Generator) -> None:
    """Each person lives in one of their neighbourhood's LSOAs."""
    by_hood = areas.groupby("hood").indices
    pick = np.empty(len(frame), dtype=np.int64)
    for hood, rows in frame.groupby("hood").indices.items():
        choices = by_hood[hood]
        pick[rows] = choices[rng.integers(0, len(choices), len(rows))]
    frame["lsoa"] = areas["lsoa"].to_numpy()[pick]
    frame["decile"] = areas["decile"].to_numpy()[pick]
    frame["district"] = areas["district"].to_numpy()[pick]


def _practice(frame: pd.DataFrame, geo: Geography, rng: np.random.Generator) -> None:
    out = np.empty(len(frame), dtype=object)
    for hood, rows in frame.groupby("hood").indices.items():
        names = geo.practices[hood]
        weights = rng.dirichlet(np.full(len(names), 4.0))
        out[rows] = np.asarray(names, dtype=object)[rng.choice(len(names), len(rows), p=weights)]
    frame["practice"] = out


PILOT_PER_BAND = 4_000


def survival_by_band(seed: int, years: int) -> np.ndarray:
    """Each 5-year band's expected survival over ``years`` (its ageing in), from a pilot of
    people drawn like everyone else (conditions, frailty, the same mortality): a band whose
    people die more often must start larger for the living to match the census."""
    from engineroom.population.synth.activity import death_probability
    from engineroom.population.synth.health import conditions, frailty, medicines

    rng = np.random.default_rng([seed, 1])
    band = np.repeat(np.arange(len(P.AGE_BANDS)), PILOT_PER_BAND)
    width = np.where(band == len(P.AGE_BANDS) - 1, 12, 5)
    frame = pd.DataFrame({"age_days": ((band * 5 + rng.random(len(band)) * width) * 365.25)})
    frame["age"] = (frame["age_days"] // 365.25).astype(np.int64)
    frame["female"] = rng.random(len(band)) < P.FEMALE_SHARE[band]
    frame["decile"] = rng.integers(1, 11, len(band))
    conditions(frame, rng)
    frailty(frame, medicines(frame, rng)[0], rng)
    alive = (1 - death_probability(frame)) ** years
    return np.bincount(band, weights=alive) / PILOT_PER_BAND
