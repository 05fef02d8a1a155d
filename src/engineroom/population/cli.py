"""Command line for the population data platform (mounted into ``engineroom``; also stand-alone).

    python -m engineroom.population.cli synth population --scale 0.1
    python -m engineroom.population.cli ingest var/synth/feeds --json
    python -m engineroom.population.cli link
    python -m engineroom.population.cli lake status
    python -m engineroom.population.cli mesh poll

The working directory defaults to ``./var`` ($ENGINEROOM_VAR, or ``--var``).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from engineroom.population import api
from engineroom.population.ingest import feed_files, ingest_path, summarise
from engineroom.population.lake import var_dir

app = typer.Typer(
    help="Population data platform: synthetic feeds, ingestion, linkage, lake.",
    no_args_is_help=True,
)
synth_app = typer.Typer(help="Generate synthetic data.", no_args_is_help=True)
lake_app = typer.Typer(help="Inspect the lake.", no_args_is_help=True)
mesh_app = typer.Typer(help="Receive feeds from a MESH mailbox.", no_args_is_help=True)
app.add_typer(synth_app, name="synth")
app.add_typer(lake_app, name="lake")
app.add_typer(mesh_app, name="mesh")
console = Console(stderr=True)
VarOpt = typer.Option(None, "--var", help="Working directory (default $ENGINEROOM_VAR or ./var)")


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console)  # fmt: skip


@synth_app.command("population")
def synth_population(
    spec: Path = typer.Option(
        None, help="Region structure JSON (default: built-in example region)"
    ),
    scale: float = typer.Option(1.0, help="Multiply every neighbourhood population by this"),
    seed: int = typer.Option(42, help="Random seed: same seed, same population"),
    var: Path = VarOpt,
) -> None:
    """Generate a synthetic population and every partner's feed files under VAR/synth."""
    from engineroom.synth.population import STEPS, generate
    from engineroom.synth.population.spec import example_spec, load_spec

    region = load_spec(spec) if spec else example_spec()
    out = var_dir(var) / "synth"
    with _progress() as bar:
        task = bar.add_task("generating", total=len(STEPS))
        result = generate(region, out, seed=seed, scale=scale,
                          progress=lambda s: bar.update(task, advance=1, description=s))  # fmt: skip
    console.print(
        f"{result.people:,} people, {result.feed_rows:,} feed rows in {result.files} files -> {result.feeds_dir}"
    )


@app.command("demo")
def demo(
    spec: Path = typer.Option(
        None, help="Region structure JSON (default: built-in example region)"
    ),
    scale: float = typer.Option(0.1, help="Population scale (1.0 = the structure's full sizes)"),
    seed: int = typer.Option(42),
    key: str = typer.Option("demo-only-pseudonymisation-key", envvar="ENGINEROOM_PSEUDO_KEY"),
    var: Path = VarOpt,
) -> None:
    """Generate feeds, ingest them through the real path, and link: the demo population."""
    from engineroom.population.pipeline import build_population
    from engineroom.synth.population.spec import example_spec, load_spec

    region = load_spec(spec) if spec else example_spec()
    with console.status("building the demo population"):
        summary = build_population(region, var=var_dir(var), scale=scale, seed=seed, key=key)
    typer.echo(json.dumps(summary, indent=1, default=str))


@app.command("ingest")
def ingest(
    path: Path = typer.Argument(..., help="A feed file or a folder of feed files"),
    as_json: bool = typer.Option(False, "--json", help="Print per-file reconciliation as JSON"),
    var: Path = VarOpt,
) -> None:
    """Validate and load feed files; quarantine bad rows; report per file."""
    if not path.exists():
        typer.echo(f"error: {path} does not exist", err=True)
        raise typer.Exit(2)
    total = len(feed_files(path))
    with _progress() as bar:
        task = bar.add_task("ingesting", total=total)
        reports = ingest_path(path, var_dir(var),
                              on_file=lambda r: bar.update(task, advance=1, description=r["file"][:40]))  # fmt: skip
    if as_json:
        typer.echo(
            json.dumps({"files": reports, "total": summarise(reports)}, indent=1, default=str)
        )
        return
    table = Table("file", "status", "rows in", "accepted", "quarantined", "flagged", "top reason")
    for r in reports:
        top = max(r.get("reasons", {}).items(), key=lambda kv: kv[1], default=("", 0))[0]
        table.add_row(
            r["file"],
            r["status"],
            *(f"{r.get(k, 0):,}" for k in ("rows_in", "accepted", "quarantined", "flagged")),
            top,
        )
    Console().print(table)


@app.command("link")
def link(
    engine: str = typer.Option("duckdb", help="duckdb (default) or pyspark"),
    key: str = typer.Option(None, envvar="ENGINEROOM_PSEUDO_KEY", help="Pseudonymisation key"),
    var: Path = VarOpt,
) -> None:
    """Build the person index, link every table, publish direct-care and secondary-use views."""
    from engineroom.population.pipeline import run_linkage

    with console.status(f"linking on {engine}"):
        report = run_linkage(var=var_dir(var), engine=engine, key=key)
    typer.echo(json.dumps(report, indent=1))


@lake_app.command("status")
def lake_status(var: Path = VarOpt) -> None:
    """Files loaded, rows per table, quarantine and linkage version."""
    typer.echo(json.dumps(api.lake_status(var_dir(var)), indent=1, default=str))


@mesh_app.command("poll")
def mesh_poll(
    drop: Path = typer.Option(None, help="Where to drop received files (default VAR/inbox)"),
    ingest_after: bool = typer.Option(True, "--ingest/--no-ingest", help="Ingest what arrived"),
    var: Path = VarOpt,
) -> None:
    """Download waiting MESH messages (mailbox from ENGINEROOM_MESH_* settings) and ingest them."""
    from engineroom.population.mesh import Mailbox, poll

    folder = drop or var_dir(var) / "inbox"
    files = poll(Mailbox.from_env(), folder)
    console.print(f"{len(files)} message(s) received into {folder}")
    if ingest_after and files:
        for f in files:
            ingest_path(f, var_dir(var))


if __name__ == "__main__":
    app()
