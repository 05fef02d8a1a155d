"""A synthetic lake in one call: generate partner feeds, ingest them as a real system's would
arrive, then link. Used by ``engineroom synth build``, the demo, tests and benchmarks.

This composes the generator with the engine; the engine (:mod:`engineroom.population`) never
imports the generator.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from engineroom.population.engine import Engine
from engineroom.population.ingest import ingest_path, summarise
from engineroom.population.pipeline import run_linkage
from engineroom.population.region import RegionSpec
from engineroom.population.synth import generate

BUILD_STEPS = ("generate feeds", "ingest", "link")


def build_population(
    structure: RegionSpec,
    *,
    var: str | Path,
    scale: float = 1.0,
    seed: int = 42,
    key: str | None = None,
    engine: Engine = "duckdb",
    progress=None,
) -> dict:
    """Returns the {"generation", "ingest", "linkage"} summaries; ``progress(step, number,
    steps)`` is called as each of :data:`BUILD_STEPS` finishes."""
    step = progress or (lambda *_: None)
    result = generate(structure, Path(var) / "synth", seed=seed, scale=scale)
    step(BUILD_STEPS[0], 1, 3)
    reports = ingest_path(result.feeds_dir, var)
    step(BUILD_STEPS[1], 2, 3)
    linkage_report = run_linkage(var=var, engine=engine, key=key)
    step(BUILD_STEPS[2], 3, 3)
    return {"generation": asdict(result), "ingest": summarise(reports), "linkage": linkage_report}
