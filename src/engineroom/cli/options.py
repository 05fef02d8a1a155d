"""Options several commands share, declared once, and the one rule for the pseudonymisation key."""

from __future__ import annotations

import os

import typer

from engineroom.cli.output import console

VAR = typer.Option(None, "--var", help="Working directory (default $ENGINEROOM_VAR or ./var)")
KEY = typer.Option(
    None,
    envvar="ENGINEROOM_PSEUDO_KEY",
    help="Pseudonymisation key (default $ENGINEROOM_PSEUDO_KEY; the demo key only in demo mode)",
)
ENGINE = typer.Option("duckdb", help="duckdb (embedded) or pyspark (same expressions on Spark)")
SPEC = typer.Option(None, help="Region structure JSON (default: built-in example region)")
JSON = typer.Option(False, "--json", help="Print the result as one JSON object (no progress bars)")
# The demo's pseudonymisation key (engine module phm.demo.DEMO_KEY, not imported: it is heavy).
DEMO_KEY = "demo-only-pseudonymisation-key"


def demo_mode() -> bool:
    """ENGINEROOM_DEMO=1, read as the web settings read it (the engine commands load no Django)."""
    return os.environ.get("ENGINEROOM_DEMO", "").lower() in {"1", "true", "yes", "on"}


def pseudo_key(key: str | None) -> str:
    """The key given (``--key`` or ENGINEROOM_PSEUDO_KEY); the public demo key only in demo mode.
    Anywhere else a missing key stops the command: nothing falls back to a known key."""
    if key:
        return key
    if demo_mode():
        return DEMO_KEY
    console.print(
        "[red]ENGINEROOM_PSEUDO_KEY is not set: set it or pass --key (the public demo key is "
        "used only in demo mode, ENGINEROOM_DEMO=1).[/red]",
        soft_wrap=True,
    )
    raise typer.Exit(1)
