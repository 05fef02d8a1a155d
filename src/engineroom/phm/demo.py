"""Build a demo population and publish PHM results in one call (demo set-up, tests, benchmarks).

Idempotent: a finished build leaves ``<var>/phm/demo.json``; calling again with the same
arguments returns at once.
"""

from __future__ import annotations

import json
from pathlib import Path

from engineroom.phm.refresh import refresh


def ensure_demo(var: str | Path, spec: dict, *, scale: float = 1.0, seed: int = 42,
                key: str = "demo-only-pseudonymisation-key") -> dict:  # fmt: skip
    """Generate feeds, ingest, link, write ``phm/region.json``, train and refresh."""
    from engineroom.population.pipeline import build_population

    var = Path(var)
    marker = var / "phm" / "demo.json"
    wanted = {"scale": scale, "seed": seed, "spec": spec}
    if marker.exists():
        done = json.loads(marker.read_text())
        if done["wanted"] == json.loads(json.dumps(wanted)):
            return done["summary"]
    build_population(spec, var=var, scale=scale, seed=seed, key=key)
    (var / "phm").mkdir(parents=True, exist_ok=True)
    (var / "phm" / "region.json").write_text(json.dumps(spec, indent=1))
    summary = refresh(var, spec=spec, key=key, retrain=True)
    marker.write_text(json.dumps({"wanted": wanted, "summary": summary}, indent=1))
    return summary
