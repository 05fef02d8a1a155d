"""The demo system's people: generated from the system model, published as PHM results."""

from __future__ import annotations

from pathlib import Path

from engineroom.demo import engagement, spread
from engineroom.oversight.actions import record_lake_measures
from engineroom.population.lake import Lake
from engineroom.population.monthly import lake_measures
from engineroom.population.phm.demo import DEMO_KEY, ensure_demo
from engineroom.population.pipeline import current_version
from engineroom.population_health.bridge import region_spec
from engineroom.record import store
from engineroom.record.models import LoadStatus, RecordLoad
from engineroom.system.models import System

DEMO_AS_OF = "2025-03-31"  # fixed, so the build is deterministic whatever the day


def ensure_system_demo(
    system: System, var: str | Path, *, scale: float, seed: int = 42, key: str = DEMO_KEY
) -> dict:
    """Idempotent: feeds for the system's own practices, ingest, link, train, refresh, the
    shared care record's store, and the oversight's monthly activity measures from the lake."""
    spec = region_spec(system)
    spec["as_of"] = DEMO_AS_OF
    summary = ensure_demo(var, spec, scale=scale, seed=seed, key=key)
    load_record(var)
    record_lake_measures(system, lake_measures(var), by=None)
    spread.refresh_outcomes(system, var)
    engagement.compare_with_population(system, var)
    return summary


def load_record(var: str | Path) -> None:
    """Load the record store from the linked lake, unless it holds that version already."""
    current = RecordLoad.objects.filter(status=LoadStatus.CURRENT).first()
    if current is None or current.version != current_version(Lake(var)):
        store.load(var)
