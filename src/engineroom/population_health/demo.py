"""Build a system's demo population from the system model and publish its PHM results."""

from __future__ import annotations

from pathlib import Path

from engineroom.phm.demo import ensure_demo, shared_tmp
from engineroom.system.models import System
from engineroom.system.population import region_spec

__all__ = ["DEMO_AS_OF", "ensure_system_demo", "shared_tmp"]

DEMO_AS_OF = "2025-03-31"  # fixed, so the build is deterministic whatever the day


def ensure_system_demo(system: System, var: str | Path, *, scale: float, seed: int = 42,
                       key: str = "demo-only-pseudonymisation-key") -> dict:  # fmt: skip
    """Idempotent: feeds for the system's own practices, ingest, link, train, refresh."""
    spec = region_spec(system)
    spec["as_of"] = DEMO_AS_OF
    return ensure_demo(var, spec, scale=scale, seed=seed, key=key)
