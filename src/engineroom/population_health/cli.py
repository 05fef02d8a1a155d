"""``engineroom refresh``: write the region structure from the system model, then run the PHM
refresh (features -> segments -> scores -> aggregates, published atomically)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer


def refresh_command(
    system: str = typer.Option(None, help="System code (default: the demo's main system)"),
    retrain: bool = typer.Option(False, help="Train a new risk model before scoring"),
    key: str = typer.Option(None, envvar="ENGINEROOM_PSEUDO_KEY", help="Pseudonymisation key"),
    engine: str = typer.Option("duckdb", help="duckdb (embedded) or pyspark (same SQL)"),
    var: Path = typer.Option(None, "--var", help="Working directory (default $ENGINEROOM_VAR)"),
) -> None:
    """Population health refresh: features -> segments -> scores -> aggregates, atomically."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
    import django

    django.setup()
    from engineroom.demo.structure import main_system_code
    from engineroom.phm.cli import refresh_command as phm_refresh
    from engineroom.population.lake import var_dir
    from engineroom.system.models import System
    from engineroom.system.population import region_spec

    folder = var_dir(var)
    found = System.objects.filter(code=system or main_system_code()).first()
    if found is not None:
        spec = region_spec(found)
        (folder / "phm").mkdir(parents=True, exist_ok=True)
        (folder / "phm" / "region.json").write_text(json.dumps(spec, indent=1))
    phm_refresh(spec=None, retrain=retrain, key=key or "demo-only-pseudonymisation-key",
                engine=engine, var=folder)  # fmt: skip
