"""The data platform: synthetic feeds, ingestion, linkage, the lake and MESH (no Django).

    engineroom synth population [--spec region.json] [--scale 0.1] [--seed 42] [--json]
    engineroom synth build [--spec region.json] [--scale 0.1] [--json]  # synth + ingest + link
    engineroom ingest PATH [--json] [--strict]
    engineroom link [--engine duckdb|pyspark] [--json]
    engineroom lake status [--json]
    engineroom mesh poll [--json]

Every command takes ``--var DIR`` (default ``$ENGINEROOM_VAR`` or ``./var``) and ``--json`` (the
result as one JSON object on standard output, no progress bars; ``synth build``, ``link`` and
``lake status`` print JSON either way). Progress bars, on standard error, follow the real steps.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from engineroom.cli import options
from engineroom.cli.output import console, emit, progress, status, steps
from engineroom.population import api
from engineroom.population.ingest import exit_status, feed_files, ingest_path, summarise
from engineroom.population.lake import var_dir

app = typer.Typer()
PANEL = "Data platform"
synth_app = typer.Typer(help="Generate synthetic, clearly fictional data.", no_args_is_help=True)
lake_app = typer.Typer(help="Inspect the lake.", no_args_is_help=True)
mesh_app = typer.Typer(help="Receive feeds from a MESH mailbox.", no_args_is_help=True)
app.add_typer(synth_app, name="synth", rich_help_panel=PANEL)
app.add_typer(lake_app, name="lake", rich_help_panel=PANEL)
app.add_typer(mesh_app, name="mesh", rich_help_panel=PANEL)


def _region(spec: Path | None) -> dict:
    from engineroom.population.region import example_spec, load_spec

    return load_spec(spec) if spec else example_spec()


@synth_app.command("population")
def synth_population(
    spec: Path = options.SPEC,
    scale: float = typer.Option(1.0, help="Multiply every neighbourhood population by this"),
    seed: int = typer.Option(42, help="Random seed: same seed, same population"),
    as_json: bool = options.JSON,
    var: Path = options.VAR,
) -> None:
    """Generate a synthetic population and every partner's feed files under VAR/synth."""
    from dataclasses import asdict

    from engineroom.population.synth import STEPS, generate

    with steps(STEPS, quiet=as_json) as done:
        finished = iter(range(1, len(STEPS) + 1))
        result = generate(
            _region(spec),
            var_dir(var) / "synth",
            seed=seed,
            scale=scale,
            progress=lambda step: done(step, next(finished), len(STEPS)),
        )
    if as_json:
        emit(asdict(result))
        return
    console.print(
        f"{result.people:,} people, {result.feed_rows:,} feed rows in {result.files} files "
        f"-> {result.feeds_dir}"
    )


@synth_app.command("build")
def synth_build(
    spec: Path = options.SPEC,
    scale: float = typer.Option(0.1, help="Population scale (1.0 = the structure's full sizes)"),
    seed: int = typer.Option(42),
    key: str = options.KEY,
    as_json: bool = options.JSON,
    var: Path = options.VAR,
) -> None:
    """Generate feeds, ingest them through the real path, and link: a synthetic lake."""
    from engineroom.population.synth.build import BUILD_STEPS, build_population

    key = options.pseudo_key(key)
    region = _region(spec)
    with steps(BUILD_STEPS, quiet=as_json) as done:
        summary = build_population(
            region, var=var_dir(var), scale=scale, seed=seed, key=key, progress=done
        )
    emit(summary)


@app.command("ingest", rich_help_panel=PANEL)
def ingest(
    path: Path = typer.Argument(..., help="A feed file or a folder of feed files"),
    as_json: bool = options.JSON,
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if anything was quarantined"),
    var: Path = options.VAR,
) -> None:
    """Validate and load feed files; quarantine bad rows and bad files; report per file.

    Always prints the report. Exits 1 if files were found but none could be read (or, with
    --strict, if any file or record was quarantined), else 0."""
    if not path.exists():
        typer.echo(f"error: {path} does not exist", err=True)
        raise typer.Exit(2)
    with progress(quiet=as_json) as bar:
        task = bar.add_task("ingesting", total=len(feed_files(path)))
        reports = ingest_path(
            path,
            var_dir(var),
            on_file=lambda r: bar.update(task, advance=1, description=r["file"][:40]),
        )
    if as_json:
        emit({"files": reports, "total": summarise(reports)})
    else:
        Console().print(_reconciliation(reports))
    if code := exit_status(reports, strict=strict):
        raise typer.Exit(code)


def _reconciliation(reports: list[dict]) -> Table:
    table = Table("file", "status", "rows in", "accepted", "quarantined", "flagged", "top reason")
    for r in reports:
        top = max(r.get("reasons", {}).items(), key=lambda kv: kv[1], default=("", 0))[0]
        counts = (f"{r.get(k, 0):,}" for k in ("rows_in", "accepted", "quarantined", "flagged"))
        table.add_row(r["file"], r["status"], *counts, top)
    return table


@app.command("link", rich_help_panel=PANEL)
def link(
    engine: str = options.ENGINE,
    key: str = options.KEY,
    as_json: bool = options.JSON,
    var: Path = options.VAR,
) -> None:
    """Build the person index, link every table, publish direct-care and secondary-use views."""
    from engineroom.population.pipeline import run_linkage

    key = options.pseudo_key(key)
    with status(f"linking on {engine}", quiet=as_json):
        report = run_linkage(var=var_dir(var), engine=engine, key=key)
    emit(report)


@lake_app.command("status")
def lake_status(as_json: bool = options.JSON, var: Path = options.VAR) -> None:
    """Files loaded, rows per table, quarantine and linkage version."""
    emit(api.lake_status(var_dir(var)))


@mesh_app.command("poll")
def mesh_poll(
    drop: Path = typer.Option(None, help="Where to drop received files (default VAR/inbox)"),
    ingest_after: bool = typer.Option(True, "--ingest/--no-ingest", help="Ingest what arrived"),
    as_json: bool = options.JSON,
    var: Path = options.VAR,
) -> None:
    """Download waiting MESH messages (mailbox from ENGINEROOM_MESH_* settings) and ingest them."""
    from engineroom.population.mesh import Mailbox, poll

    folder = drop or var_dir(var) / "inbox"
    files = poll(Mailbox.from_env(), folder)
    reports = []
    if ingest_after and files:  # one bad message is quarantined; the rest still load
        with progress(quiet=as_json) as bar:
            task = bar.add_task("ingesting", total=len(files))
            for found in files:
                reports += ingest_path(found, var_dir(var))
                bar.update(task, advance=1, description=found.name[:40])
    if as_json:
        emit({"received": [str(f) for f in files], "files": reports, "total": summarise(reports)})
        return
    console.print(f"{len(files)} message(s) received into {folder}")
    if reports:
        Console().print(_reconciliation(reports))
