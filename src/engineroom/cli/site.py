"""The web site and its operational database: Django commands, the demo region, register counts.

    engineroom manage ARGS...          # Django's manage.py (migrate, createsuperuser, ...)
    engineroom serve                   # the web application
    engineroom demo                    # demo mode only (ENGINEROOM_DEMO=1; `make demo` sets it)
    engineroom load-extract FOLDER     # organisations, footprints, partnerships, leaders
    engineroom publish-register SYSTEM # register counts by place from the linked lake

Django is set up only when one of these runs, so the engine's commands never import it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import typer

from engineroom.cli import options
from engineroom.cli.output import console, print_counts
from engineroom.population.lake import var_dir

app = typer.Typer()
PANEL = "Web site and demo"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
    import django

    django.setup()


def _var() -> Path:
    return var_dir().resolve()


@app.command(rich_help_panel=PANEL)
def manage(args: list[str] = typer.Argument(None, help="Arguments for Django's manage.py")) -> None:
    """Run a Django management command (migrate, createsuperuser, ...)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["engineroom manage", *(args or [])])


@app.command(rich_help_panel=PANEL)
def serve(address: str = typer.Option("127.0.0.1:8000")) -> None:
    """Serve the web application (development server)."""
    setup_django()
    from django.core.management import call_command

    call_command("runserver", address, use_reloader=False)


@app.command("load-extract", rich_help_panel=PANEL)
def load_extract(path: Path = typer.Argument(..., exists=True, file_okay=False)) -> None:
    """Load organisations, footprints, partnerships and leaders from a folder of CSV files."""
    setup_django()
    from engineroom.feeds.actions import load_organisations
    from engineroom.feeds.csvcheck import LoadError
    from engineroom.feeds.loader import read_directory

    try:
        counts = load_organisations(read_directory(path), by=None)
    except LoadError as error:
        for problem in error.problems:
            console.print(f"[red]{problem}[/red]")
        console.print(f"[bold red]{error}[/bold red]")
        raise typer.Exit(1) from error
    print_counts("Loaded", counts)


@app.command(rich_help_panel=PANEL)
def demo(
    seed: int = typer.Option(20181, help="Seed for the fictional region"),
    population_scale: float = typer.Option(
        0.05, help="Share of the main system's people to generate (1.0 = all ~1.2 M; 0 = none)"
    ),
) -> None:
    """Generate the fictional demo region, its accounts and its population (demo mode only)."""
    _require_demo_mode()
    from engineroom.demo import build as demo_data

    with console.status("Building the demo region"):
        counts = demo_data.build(_var() / "demo" / "structure", seed)
    print_counts("Demo region loaded", counts)
    if population_scale > 0:
        _demo_population(population_scale, seed)
    console.print(
        f"Demo accounts: {', '.join(demo_data.DEMO_NAMES)}; password "
        f"[bold]{demo_data.DEMO_PASSWORD}[/bold]"
    )


def _require_demo_mode() -> None:
    refusal = (
        "engineroom demo builds a fictional region with a shared demo password, so it runs only "
        "in demo mode: set ENGINEROOM_DEMO=1 (make demo does)."
    )
    try:
        setup_django()
    except RuntimeError as error:  # outside demo mode the settings refuse to load without keys
        console.print(f"[red]{refusal}[/red]")
        raise typer.Exit(1) from error
    from django.conf import settings

    if not settings.DEMO:
        console.print(f"[red]{refusal}[/red]")
        raise typer.Exit(1)


def _demo_population(scale: float, seed: int) -> None:
    """The main system's people through partner feeds, ingest and linkage as a real system's
    would arrive, then population health results and register counts by place."""
    from engineroom.demo.population import DEMO_AS_OF, ensure_system_demo
    from engineroom.demo.structure import main_system_code
    from engineroom.population import api
    from engineroom.population_health.actions import publish_register_counts
    from engineroom.system.models import System

    system = System.objects.get(code=main_system_code())
    key = os.environ.get("ENGINEROOM_PSEUDO_KEY", options.DEMO_KEY)
    with console.status(f"Population (scale {scale}): feeds, ingest, link, risk model, refresh"):
        result = ensure_system_demo(system, _var(), scale=scale, seed=seed, key=key)
    lake = api.lake_status(_var())
    as_of = dt.date.fromisoformat(DEMO_AS_OF)
    people = publish_register_counts(system, _var(), as_of, by=None)
    console.print(
        f"Population: {lake['rows_in']:,} feed rows in = {lake['accepted']:,} accepted + "
        f"{lake['quarantined']:,} quarantined; {people:,} people on the register by place; "
        f"population health results published ({result.get('version', 'current')})."
    )


@app.command("publish-register", rich_help_panel=PANEL)
def publish_register(
    system: str = typer.Argument(..., help="System code, e.g. vale-downs"),
) -> None:
    """Publish register counts by place from the linked lake (used for capitation)."""
    setup_django()
    from engineroom.population_health.actions import publish_register_counts
    from engineroom.system.models import System

    found = System.objects.filter(code=system).first()
    if found is None:
        console.print(f"[red]No system with code {system!r}[/red]")
        raise typer.Exit(1)
    people = publish_register_counts(found, _var(), dt.date.today(), by=None)
    console.print(f"{people:,} people on the register for {found.name}")
