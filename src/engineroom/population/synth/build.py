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


def build_population(
    structure: RegionSpec,
    *,
    var: str | Path,
    scale: float = 1.0,
    seed: int = 42,
    key: str | None = None,
    engine: Engine = "duckdb",
) -> dict:
    """Returns the {"generation", "ingest", "linkage"} summaries."""
    result = generate(structure, Path(var) / "synth", seed=seed, scale=scale)
    reports = ingest_path(result.feeds_dir, var)
    linkage_report = run_linkage(var=var, engine=engine, key=key)
    return {"generation": asdict(result), "ingest": summarise(reports), "linkage": linkage_report}
