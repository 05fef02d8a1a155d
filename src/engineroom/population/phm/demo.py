"""Build a demo population and publish PHM results in one call (demo set-up, tests, benchmarks).

Idempotent: a finished build leaves ``<var>/phm/demo.json``; calling again with the same
arguments returns at once. Concurrent callers (parallel test workers) are serialised by a lock
file, so the second one waits and then finds the build done.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from engineroom.population.phm.refresh import refresh
from engineroom.population.synth.build import build_population

DEMO_KEY = "demo-only-pseudonymisation-key"


def ensure_demo(
    var: str | Path, spec: dict, *, scale: float = 1.0, seed: int = 42, key: str = DEMO_KEY
) -> dict:
    """Generate feeds, ingest, link, write ``phm/region.json``, train and refresh."""
    var = Path(var)
    var.mkdir(parents=True, exist_ok=True)
    with open(var / ".demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        return _build(var, spec, scale, seed, key)


def _build(var: Path, spec: dict, scale: float, seed: int, key: str) -> dict:
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


def shared_tmp(tmp_path_factory) -> Path:
    """The test run's temporary root, shared by pytest-xdist workers (each has its own
    ``popen-gwN`` below it), so the workers build a population once between them."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
