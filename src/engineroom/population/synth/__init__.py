"""Deterministic, vectorised synthetic population and partner feeds for a region.

Usage (the web passes the structure exported from its system model)::

    from engineroom.population.synth import generate
    from engineroom.population.region import example_spec
    result = generate(example_spec(), "var/synth", seed=42, scale=0.1)

Writes ``<out>/feeds/<org>/<kind>__<org>__<date>.csv|ndjson`` (what partners send),
``<out>/feeds/dirt_ledger.json`` (what dirt was injected, per file) and, separately,
``<out>/oracle/admission_hazard.parquet`` (each person's true annual emergency-admission hazard;
never part of any feed). Parameters and their public sources: :mod:`.params`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from engineroom.population.region import RegionSpec, validate_spec
from engineroom.population.synth import params as P
from engineroom.population.synth import realism
from engineroom.population.synth.activity import YEARS, other_activity, simulate, window_start
from engineroom.population.synth.care import (
    care_homes,
    lengths_of_stay,
    maternity,
    palliative,
    plant_support,
)
from engineroom.population.synth.feeds import Context, reference_feeds, write_ledger
from engineroom.population.synth.fhir_feed import fhir_community
from engineroom.population.synth.health import conditions, frailty, medicines
from engineroom.population.synth.hospital import acute
from engineroom.population.synth.partners import (
    contacts,
    councils,
    gp_events,
    gp_medications,
    gp_patients,
)
from engineroom.population.synth.people import people, survival_by_band

STEPS = ("people", "health", "activity", "gp feeds", "hospital feeds", "other feeds", "oracle")


@dataclass
class GenerationResult:
    people: int
    feed_rows: int
    files: int
    feeds_dir: str
    oracle: str
    seed: int
    scale: float
    as_of: str


def generate(
    spec: RegionSpec,
    out: str | Path,
    *,
    seed: int = 42,
    scale: float = 1.0,
    progress: Callable[[str], None] | None = None,
) -> GenerationResult:
    """Generate people, their three years of care and every partner's feed files."""
    validate_spec(spec)
    step = progress or (lambda _name: None)
    out = Path(out)
    feeds = out / "feeds"
    shutil.rmtree(feeds, ignore_errors=True)  # a rerun replaces, never mixes, generated feeds
    rng = np.random.default_rng(seed)
    as_of = date.fromisoformat(spec.get("as_of", "2025-03-31"))
    frame, areas = people(spec, rng, scale, survival_by_band(seed, YEARS))
    step("people")
    conditions(frame, rng)
    med_person, med = medicines(frame, rng)
    deficits = frailty(frame, med_person, rng)
    homes = care_homes(frame, rng)
    step("health")
    act = simulate(frame, rng)
    other_activity(frame, act, rng)
    lengths_of_stay(frame, act, rng)
    maternity(frame, act, rng)
    palliative_day = palliative(frame, act, rng)
    support = plant_support(frame, homes, act, rng)
    step("activity")
    ctx = Context(frame, rng, feeds, as_of, window_start(as_of))
    gp_patients(ctx, act.death_day)
    gp_events(ctx, deficits, palliative_day, act.death_day)
    gp_medications(ctx, med_person, med, act.death_day)
    step("gp feeds")
    acute(ctx, spec, act)
    step("hospital feeds")
    contacts(ctx, spec, act, "community", "csds", "community", P.COMMUNITY_SERVICES)
    contacts(ctx, spec, act, "mental_health", "mhsds", "mh", P.MH_SERVICES)
    councils(ctx, act)
    fhir_community(ctx, spec, act)
    reference_feeds(ctx, areas, spec["systems"][0]["code"], _opt_outs(frame, rng))
    write_ledger(ctx)
    step("other feeds")
    oracle = _write_oracle(out, frame, act)
    _write_json(out / "oracle" / "intervention.json", _truth(support, ctx))
    _write_json(out / "realism.json", realism.measure(frame, act, palliative_day))
    step("oracle")
    result = GenerationResult(
        len(frame), ctx.rows, len(ctx.ledger), str(feeds), str(oracle), seed, scale, str(as_of)
    )
    (out / "generation.json").write_text(json.dumps(asdict(result), indent=1))
    return result


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True))


def _truth(support: dict, ctx: Context) -> dict:
    """The planted intervention with its start as a date (the evaluation's truth)."""
    start = ctx.start + timedelta(days=support["start_day"])
    return {k: v for k, v in support.items() if k != "start_day"} | {"start": start.isoformat()}


def _opt_outs(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """National data opt-out: ~5% overall, higher (~8%) in women aged 30-39."""
    women_30s = frame["female"].to_numpy() & (frame["age"].to_numpy() // 10 == 3)
    p = np.where(women_30s, P.OPT_OUT_P * 1.6, P.OPT_OUT_P * 0.96)
    return frame["nhs_number"].to_numpy()[rng.random(len(frame)) < p]


def _write_oracle(out: Path, frame: pd.DataFrame, act) -> Path:
    """Truth for judging models, kept apart from the feeds: hazards and undiagnosed hypertension."""
    path = out / "oracle" / "admission_hazard.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    oracle = act.oracle.copy()
    oracle.insert(0, "nhs_number", frame["nhs_number"].astype(str).to_numpy())
    oracle["died_in_window"] = act.death_day < 3 * 365
    for condition in ("hypertension", "af", "diabetes", "ckd"):
        oracle[f"undiagnosed_{condition}"] = frame[condition] & ~frame[f"{condition}_diagnosed"]
    oracle["efi"] = frame["efi"].to_numpy()
    oracle.to_parquet(path, index=False)
    return path
