"""Population health management: the refresh and the emergency admission risk model.

    engineroom refresh [--system CODE | --spec region.json] [--retrain] [--engine duckdb|pyspark]
    engineroom risk train | score | evaluate [--json]

All take ``--var DIR`` (default ``$ENGINEROOM_VAR`` or ``./var``). Secondary-use outputs need the
pseudonymisation key (``ENGINEROOM_PSEUDO_KEY`` or ``--key``; without one they refuse to run
outside demo mode). The region structure (practice -> neighbourhood
-> place -> system) comes from ``--spec``, else from the system model (written to
``<var>/phm/region.json``), else from that file; without any, every registered person is reported
as one area. Only the system model needs Django; everything else here runs without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from engineroom.cli import options
from engineroom.cli.output import console, progress
from engineroom.population.lake import var_dir

app = typer.Typer()
PANEL = "Population health"
risk_app = typer.Typer(
    help="Emergency admission risk model: train, score, evaluate.", no_args_is_help=True
)
app.add_typer(risk_app, name="risk", rich_help_panel=PANEL)
REGION = typer.Option(None, help="Region structure JSON (default VAR/phm/region.json)")


def region_spec(folder: Path, spec: Path | None) -> dict | None:
    path = spec or (folder / "phm" / "region.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@app.command("refresh", rich_help_panel=PANEL)
def refresh(
    system: str = typer.Option(None, help="System code (default: the demo's main system)"),
    spec: Path = typer.Option(None, help="Region structure JSON instead of the system model"),
    retrain: bool = typer.Option(False, help="Train a new risk model before scoring"),
    key: str = options.KEY,
    engine: str = options.ENGINE,
    var: Path = options.VAR,
) -> None:
    """Population health refresh: features -> segments -> scores -> aggregates, atomically."""
    from engineroom.population.phm.refresh import STEPS
    from engineroom.population.phm.refresh import refresh as run_refresh

    key = options.pseudo_key(key)
    folder = var_dir(var)
    if spec is None:
        _write_system_region(folder, system)
    with progress() as bar:
        task = bar.add_task("refresh", total=len(STEPS))
        summary = run_refresh(
            folder,
            spec=region_spec(folder, spec),
            key=key,
            retrain=retrain,
            engine=engine,
            progress=lambda name, i, n: bar.update(task, completed=i, description=name),
        )
    console.print(
        f"published {summary['version']}: {summary['people']:,} people as of "
        f"{summary['as_of']}, model {summary['model_version']}"
    )


def _write_system_region(folder: Path, system: str | None) -> None:
    """Write ``<var>/phm/region.json`` from the system model."""
    from engineroom.cli.site import setup_django

    setup_django()
    from engineroom.demo.structure import main_system_code
    from engineroom.population_health.bridge import region_spec as system_region
    from engineroom.system.models import System

    found = System.objects.filter(code=system or main_system_code()).first()
    if found is not None:
        (folder / "phm").mkdir(parents=True, exist_ok=True)
        (folder / "phm" / "region.json").write_text(json.dumps(system_region(found), indent=1))


@risk_app.command("train")
def risk_train(engine: str = options.ENGINE, var: Path = options.VAR) -> None:
    """Train logistic + LightGBM on one period, validate on the next; save a versioned model."""
    from engineroom.population.phm.refresh import train

    with progress() as bar:
        task = bar.add_task("train", total=3)
        meta = train(
            var_dir(var),
            engine=engine,
            progress=lambda name, i, n: bar.update(task, completed=i, description=name),
        )
    m = meta["metrics"]
    console.print(
        f"model {meta['version']}: AUROC {m['gbm']['auroc']} "
        f"(logistic {m['logistic']['auroc']}, oracle {m['oracle_auroc']})"
    )


@risk_app.command("score")
def risk_score(key: str = options.KEY, spec: Path = REGION, var: Path = options.VAR) -> None:
    """Score the whole population with the current model (publishes a refreshed result set)."""
    from engineroom.population.phm.refresh import refresh as run_refresh

    folder = var_dir(var)
    key = options.pseudo_key(key)
    summary = run_refresh(folder, spec=region_spec(folder, spec), key=key)
    console.print(f"scored {summary['people']:,} people with {summary['model_version']}")


@risk_app.command("evaluate")
def risk_evaluate(
    as_json: bool = typer.Option(False, "--json", help="Print the model card metrics as JSON"),
    var: Path = options.VAR,
) -> None:
    """The current model's card: validation metrics, including the oracle AUROC."""
    from engineroom.population.phm import risk

    try:
        _model, meta = risk.load(var_dir(var))
    except FileNotFoundError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    card = risk.model_card(meta)
    if as_json:
        typer.echo(json.dumps(card, indent=1, default=str))
        return
    for name, value in card.items():
        if not isinstance(value, dict | list):
            console.print(f"{name}: {value}")
