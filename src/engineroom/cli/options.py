"""Options several commands share, declared once."""

from __future__ import annotations

import typer

VAR = typer.Option(None, "--var", help="Working directory (default $ENGINEROOM_VAR or ./var)")
KEY = typer.Option(None, envvar="ENGINEROOM_PSEUDO_KEY", help="Pseudonymisation key")
ENGINE = typer.Option("duckdb", help="duckdb (embedded) or pyspark (same expressions on Spark)")
SPEC = typer.Option(None, help="Region structure JSON (default: built-in example region)")
# The demo's pseudonymisation key (engine module phm.demo.DEMO_KEY, not imported: it is heavy).
DEMO_KEY = "demo-only-pseudonymisation-key"
