"""The one ``engineroom`` command. Each domain adds its subcommands here."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from engineroom.phm.cli import risk_app
from engineroom.population.cli import app as population_app
from engineroom.population_health.cli import refresh_command

app = typer.Typer(
    help="Engine Room: one trusted picture of an integrated care system.", no_args_is_help=True
)
app.add_typer(population_app, name="population", help="Synthetic feeds, ingestion, linkage, lake.")
# The data platform's everyday commands also stand at the top: `engineroom ingest PATH`,
# `engineroom link`, `engineroom synth population`, `engineroom lake status`, `engineroom mesh poll`.
app.registered_commands += [c for c in population_app.registered_commands if c.name != "demo"]
app.registered_groups += population_app.registered_groups
app.add_typer(risk_app, name="risk", help="Emergency admission risk model: train, score, evaluate.")
app.command("refresh")(refresh_command)
console = Console()


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
    import django

    django.setup()


def var_dir() -> Path:
    return Path(os.environ.get("ENGINEROOM_VAR", Path.cwd() / "var")).resolve()


@app.command()
def manage(args: list[str] = typer.Argument(None, help="Arguments for Django's manage.py")) -> None:
    """Run a Django management command (migrate, createsuperuser, ...)."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["engineroom manage", *(args or [])])


@app.command("load-extract")
def load_extract(path: Path = typer.Argument(..., exists=True, file_okay=False)) -> None:
    """Load organisations, footprints, partnerships and leaders from a folder of CSV files."""
    _django()
    from engineroom.feeds.csvcheck import LoadError
    from engineroom.feeds.loader import load_directory

    try:
        counts = load_directory(path)
    except LoadError as error:
        for problem in error.problems:
            console.print(f"[red]{problem}[/red]")
        console.print(f"[bold red]{error}[/bold red]")
        raise typer.Exit(1) from error
    _print_counts("Loaded", counts)


@app.command()
def demo(
    seed: int = typer.Option(20181, help="Seed for the fictional region"),
    population_scale: float = typer.Option(
        0.05, help="Share of the main system's people to generate (1.0 = all ~1.2 M; 0 = none)"
    ),
) -> None:
    """Generate the fictional demo region, its accounts and its population (idempotent)."""
    _django()
    from engineroom.demo import build as demo_data

    with console.status("Building the demo region"):
        counts = demo_data.build(var_dir() / "demo" / "structure", seed)
    _print_counts("Demo region loaded", counts)
    if population_scale > 0:
        _demo_population(population_scale, seed)
    console.print(
        f"Demo accounts: {', '.join(demo_data.DEMO_NAMES)}; password "
        f"[bold]{demo_data.DEMO_PASSWORD}[/bold]"
    )


def _demo_population(scale: float, seed: int) -> None:
    """The main system's people through partner feeds, ingest and linkage as a real system's
    would arrive, then population health results and register counts by place."""
    from engineroom.demo.structure import main_system_code
    from engineroom.population import api
    from engineroom.population_health.demo import DEMO_AS_OF, ensure_system_demo
    from engineroom.system import population
    from engineroom.system.models import System

    system = System.objects.get(code=main_system_code())
    with console.status(f"Population (scale {scale}): feeds, ingest, link, risk model, refresh"):
        result = ensure_system_demo(system, var_dir(), scale=scale, seed=seed, key=_demo_key())
    lake = api.lake_status(var_dir())
    people = population.publish_register_counts(
        system, var_dir(), dt.date.fromisoformat(DEMO_AS_OF)
    )
    console.print(
        f"Population: {lake['rows_in']:,} feed rows in = {lake['accepted']:,} accepted + "
        f"{lake['quarantined']:,} quarantined; {people:,} people on the register by place; "
        f"population health results published ({result.get('version', 'current')})."
    )


def _demo_key() -> str:
    return os.environ.get("ENGINEROOM_PSEUDO_KEY", "demo-only-pseudonymisation-key")


@app.command("publish-register")
def publish_register(
    system: str = typer.Argument(..., help="System code, e.g. vale-downs"),
) -> None:
    """Publish register counts by place from the linked lake (used for capitation)."""
    _django()
    from engineroom.system import population
    from engineroom.system.models import System

    found = System.objects.filter(code=system).first()
    if found is None:
        console.print(f"[red]No system with code {system!r}[/red]")
        raise typer.Exit(1)
    people = population.publish_register_counts(found, var_dir(), dt.date.today())
    console.print(f"{people:,} people on the register for {found.name}")


@app.command()
def serve(address: str = typer.Option("127.0.0.1:8000")) -> None:
    """Serve the web application (development server)."""
    _django()
    from django.core.management import call_command

    call_command("runserver", address, use_reloader=False)


def _print_counts(title: str, counts: dict[str, int]) -> None:
    table = Table(title=title)
    table.add_column("file")
    table.add_column("rows", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    console.print(table)


if __name__ == "__main__":
    app()
