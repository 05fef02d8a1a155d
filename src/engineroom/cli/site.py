"""The web site and its operational database: Django commands, the demo region, register counts.

    engineroom manage ARGS...          # Django's manage.py (migrate, createsuperuser, ...)
    engineroom serve [--workers N]     # the web application through gunicorn (--dev: runserver)
    engineroom demo                    # demo mode only (ENGINEROOM_DEMO=1; `make demo` sets it)
    engineroom load-extract FOLDER     # organisations, footprints, partnerships, leaders
    engineroom publish-register SYSTEM # register counts by place from the linked lake

Django is set up only when one of these runs, so the engine's commands never import it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
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

    try:
        django.setup()
    except RuntimeError as error:  # outside demo mode the settings refuse to load without keys
        console.print(f"[red]{error}[/red]", soft_wrap=True)
        raise typer.Exit(1) from error


def _var() -> Path:
    return var_dir().resolve()


@app.command(rich_help_panel=PANEL)
def manage(args: list[str] = typer.Argument(None, help="Arguments for Django's manage.py")) -> None:
    """Run a Django management command (migrate, createsuperuser, ...)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["engineroom manage", *(args or [])])


@app.command(rich_help_panel=PANEL)
def serve(
    address: str = typer.Option("127.0.0.1:8000", help="host:port to listen on"),
    workers: int = typer.Option(
        0, min=0, help="Worker processes (default 2 × cores + 1; $ENGINEROOM_WORKERS)"
    ),
    dev: bool = typer.Option(False, "--dev", help="Django's one-process development server"),
) -> None:
    """Serve the web application through gunicorn, after checking the audit chain."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from engineroom.audit.integrity import verify_at_start

    verify_at_start()  # stops here (exit 1) if the audit chain is broken
    if not settings.DEBUG:  # hashed, compressed copies in STATIC_ROOT for WhiteNoise
        call_command("collectstatic", interactive=False, verbosity=0)
    if dev:
        call_command("runserver", address, use_reloader=False)
        return
    connections.close_all()  # the server's workers open their own
    os.environ["ENGINEROOM_BIND"] = address
    if workers:
        os.environ["ENGINEROOM_WORKERS"] = str(workers)
    config = "python:engineroom.web.gunicorn"
    os.execv(sys.executable, [sys.executable, "-m", "gunicorn", "--config", config])


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
    if not options.demo_mode():
        console.print(
            "[red]engineroom demo builds a fictional region with a shared demo password, so it "
            "runs only in demo mode: set ENGINEROOM_DEMO=1 (make demo does).[/red]"
        )
        raise typer.Exit(1)
    setup_django()


def _demo_population(scale: float, seed: int) -> None:
    """The main system's people through partner feeds, ingest and linkage as a real system's
    would arrive, then population health results and register counts by place."""
    from engineroom.demo.population import DEMO_AS_OF, ensure_system_demo
    from engineroom.demo.structure import main_system_code
    from engineroom.population import api
    from engineroom.population_health.actions import publish_register_counts
    from engineroom.system.models import System

    system = System.objects.get(code=main_system_code())
    key = options.pseudo_key(os.environ.get("ENGINEROOM_PSEUDO_KEY"))  # demo mode: the demo key
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
