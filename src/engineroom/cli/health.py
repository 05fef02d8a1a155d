"""Population health management: the refresh and the emergency admission risk model.

    engineroom refresh [--spec region.json | --system CODE] [--retrain] [--engine duckdb|pyspark] [--json]
    engineroom risk train [--engine duckdb|pyspark] [--json]
    engineroom risk score [--spec region.json] [--json]
    engineroom risk evaluate [--json]

All take ``--var DIR`` (default ``$ENGINEROOM_VAR`` or ``./var``) and run on a data-only working
directory without Django. Secondary-use outputs need the pseudonymisation key
(``ENGINEROOM_PSEUDO_KEY`` or ``--key``; without one they refuse to run outside demo mode). The
region structure (practice -> neighbourhood -> place -> system) comes from ``--spec``, else from
``<var>/phm/region.json``; ``--system CODE`` writes that file from the system model first — the
one option that needs Django (and its database). Without any, every registered person is
reported as one area. Progress bars follow the refresh's real steps; ``--json`` prints the
result as one JSON object on standard output instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from engineroom.cli import options
from engineroom.cli.output import console, emit, fail, run_engine, steps
from engineroom.population.lake import var_dir

app = typer.Typer()
PANEL = "Population health"
risk_app = typer.Typer(
    help="Emergency admission risk model: train, score, evaluate.", no_args_is_help=True
)
app.add_typer(risk_app, name="risk", rich_help_panel=PANEL)
REGION = typer.Option(None, help="Region structure JSON (default VAR/phm/region.json)")


def region_spec(folder: Path, spec: Path | None) -> dict | None:
    """The region structure from ``--spec`` (which must exist), else ``<var>/phm/region.json``."""
    path = spec or (folder / "phm" / "region.json")
    if not path.exists():
        if spec is not None:
            fail(f"--spec {spec}: no such file")
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        fail(f"--spec {path}: not a JSON region structure ({error})")


def count(value) -> str:
    """A published count for the terminal: a number with thousands separators, a suppressed
    count (``*``) as it is."""
    return f"{value:,}" if isinstance(value, int) else str(value)


@app.command("refresh", rich_help_panel=PANEL)
def refresh(
    spec: Path = typer.Option(None, help="Region structure JSON (default VAR/phm/region.json)"),
    system: str = typer.Option(None, help="Write the region from this system's model (Django)"),
    retrain: bool = typer.Option(False, help="Train a new risk model before scoring"),
    key: str = options.KEY,
    engine: str = options.ENGINE,
    threads: int = typer.Option(None, min=1, help="DuckDB threads (default: every core)"),
    as_json: bool = options.JSON,
    var: Path = options.VAR,
) -> None:
    """Population health refresh: features -> segments -> case-finding -> scores -> aggregates
    -> publish, atomically."""
    from engineroom.population.phm.refresh import STEPS
    from engineroom.population.phm.refresh import refresh as run_refresh

    key = options.pseudo_key(key)
    folder = var_dir(var)
    if system is not None and spec is None:
        _write_system_region(folder, system)
    region = region_spec(folder, spec)
    options_ = {"spec": region, "key": key, "retrain": retrain, "engine": engine}
    with steps(STEPS, quiet=as_json) as done:
        summary = run_engine(
            lambda: run_refresh(folder, threads=threads, progress=done, **options_)
        )
    if as_json:
        emit(summary)
        return
    console.print(
        f"published {summary['version']}: {count(summary['people'])} people as of "
        f"{summary['as_of']}, model {summary['model_version']}"
    )


def _write_system_region(folder: Path, system: str) -> None:
    """Write ``<var>/phm/region.json`` from the system model (the one step needing Django)."""
    from engineroom.cli.site import setup_django

    setup_django()
    from engineroom.population_health.bridge import region_spec as system_region
    from engineroom.system.models import System

    found = System.objects.filter(code=system).first()
    if found is None:
        fail(f"--system {system}: no system with that code")
    (folder / "phm").mkdir(parents=True, exist_ok=True)
    (folder / "phm" / "region.json").write_text(json.dumps(system_region(found), indent=1))


@risk_app.command("train")
def risk_train(
    engine: str = options.ENGINE, as_json: bool = options.JSON, var: Path = options.VAR
) -> None:
    """Train logistic + LightGBM on one period, validate on the next; save a versioned model."""
    from engineroom.population.phm import published
    from engineroom.population.phm.training import TRAIN_STEPS, train

    with steps(TRAIN_STEPS, quiet=as_json) as done:
        meta = run_engine(lambda: train(var_dir(var), engine=engine, progress=done))
    card = published.card(meta)
    if as_json:
        emit(card)
        return
    m = card["metrics"]
    console.print(
        f"model {card['version']}: AUROC {m['gbm']['auroc']} "
        f"(logistic {m['logistic']['auroc']}, oracle {m['oracle_auroc']})"
    )


@risk_app.command("score")
def risk_score(
    key: str = options.KEY,
    spec: Path = REGION,
    engine: str = options.ENGINE,
    as_json: bool = options.JSON,
    var: Path = options.VAR,
) -> None:
    """Score the whole population with the current model (publishes a refreshed result set)."""
    from engineroom.population.phm.refresh import STEPS
    from engineroom.population.phm.refresh import refresh as run_refresh

    folder = var_dir(var)
    key = options.pseudo_key(key)
    region = region_spec(folder, spec)
    with steps(STEPS, quiet=as_json) as done:
        summary = run_engine(
            lambda: run_refresh(folder, spec=region, key=key, engine=engine, progress=done)
        )
    if as_json:
        emit(summary)
        return
    console.print(f"scored {count(summary['people'])} people with {summary['model_version']}")


@risk_app.command("evaluate")
def risk_evaluate(as_json: bool = options.JSON, var: Path = options.VAR) -> None:
    """The current model's card: validation metrics, including the oracle AUROC."""
    from engineroom.population.phm import risk

    try:
        _model, meta = risk.load(var_dir(var))
    except FileNotFoundError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    card = risk.model_card(meta)
    if as_json:
        emit(card)
        return
    for name, value in card.items():
        if not isinstance(value, dict | list):
            console.print(f"{name}: {value}")
