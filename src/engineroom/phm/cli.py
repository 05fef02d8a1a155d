"""Command line for population health management (mounted into ``engineroom``).

    engineroom refresh [--spec region.json] [--retrain]
    engineroom risk train | score | evaluate [--json]

All take ``--var DIR`` (default ``$ENGINEROOM_VAR`` or ``./var``). Secondary-use outputs need the
pseudonymisation key (``ENGINEROOM_PSEUDO_KEY``). The region structure (practice -> neighbourhood
-> place -> system) comes from ``--spec`` or ``<var>/phm/region.json``; without either every
registered person is reported as one area.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from engineroom.population.lake import var_dir

app = typer.Typer(help="Population health management.", no_args_is_help=True)
risk_app = typer.Typer(help="Emergency admission risk model.", no_args_is_help=True)
app.add_typer(risk_app, name="risk")
console = Console(stderr=True)
VarOpt = typer.Option(None, "--var", help="Working directory (default $ENGINEROOM_VAR or ./var)")
EngineOpt = typer.Option("duckdb", help="duckdb (embedded) or pyspark (same SQL, transpiled)")


def _bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console)  # fmt: skip


def region_spec(var: Path, spec: Path | None) -> dict | None:
    path = spec or (var / "phm" / "region.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@app.command("refresh")
def refresh_command(
    spec: Path = typer.Option(None, help="Region structure JSON (default VAR/phm/region.json)"),
    retrain: bool = typer.Option(False, help="Train a new risk model before scoring"),
    key: str = typer.Option(None, envvar="ENGINEROOM_PSEUDO_KEY", help="Pseudonymisation key"),
    engine: str = EngineOpt,
    var: Path = VarOpt,
) -> None:
    """Features -> segments -> scores -> aggregates, published atomically."""
    from engineroom.phm.refresh import STEPS, refresh

    folder = var_dir(var)
    with _bar() as bar:
        task = bar.add_task("refresh", total=len(STEPS))
        summary = refresh(folder, spec=region_spec(folder, spec), key=key, retrain=retrain,
                          engine=engine,
                          progress=lambda name, i, n: bar.update(task, completed=i,
                                                                 description=name))  # fmt: skip
    console.print(f"published {summary['version']}: {summary['people']:,} people as of "
                  f"{summary['as_of']}, model {summary['model_version']}")  # fmt: skip


@risk_app.command("train")
def risk_train(engine: str = typer.Option("duckdb", help="duckdb or pyspark"),
               var: Path = VarOpt) -> None:  # fmt: skip
    """Train logistic + LightGBM on one period, validate on the next; save a versioned model."""
    from engineroom.phm.refresh import train

    with _bar() as bar:
        task = bar.add_task("train", total=3)
        meta = train(var_dir(var), engine=engine,
                     progress=lambda name, i, n: bar.update(task, completed=i,
                                                                           description=name))  # fmt: skip
    m = meta["metrics"]
    console.print(f"model {meta['version']}: AUROC {m['gbm']['auroc']} (logistic "
                  f"{m['logistic']['auroc']}, oracle {m['oracle_auroc']})")  # fmt: skip


@risk_app.command("score")
def risk_score(
    key: str = typer.Option(None, envvar="ENGINEROOM_PSEUDO_KEY", help="Pseudonymisation key"),
    spec: Path = typer.Option(None, help="Region structure JSON (default VAR/phm/region.json)"),
    var: Path = VarOpt,
) -> None:
    """Score the whole population with the current model (publishes a refreshed result set)."""
    from engineroom.phm.refresh import refresh

    folder = var_dir(var)
    summary = refresh(folder, spec=region_spec(folder, spec), key=key)
    console.print(f"scored {summary['people']:,} people with {summary['model_version']}")


@risk_app.command("evaluate")
def risk_evaluate(
    as_json: bool = typer.Option(False, "--json", help="Print the model card metrics as JSON"),
    var: Path = VarOpt,
) -> None:
    """The current model's card: validation metrics, including the oracle AUROC."""
    from engineroom.phm import risk

    try:
        _model, meta = risk.load(var_dir(var))
    except FileNotFoundError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    card = model_card(meta)
    if as_json:
        typer.echo(json.dumps(card, indent=1, default=str))
        return
    for key, value in card.items():
        if not isinstance(value, dict | list):
            console.print(f"{key}: {value}")


def model_card(meta: dict) -> dict:
    m = meta["metrics"]
    gbm = m["gbm"]
    return {
        "version": meta["version"], "created_at": meta["created_at"],
        "train_window": meta["train_window"], "validation_window": meta["validation_window"],
        "auroc": gbm["auroc"], "logistic_auroc": m["logistic"]["auroc"],
        "oracle_auroc": m["oracle_auroc"], "brier": gbm["brier"],
        "calibration_slope": gbm["calibration"]["slope"],
        "calibration_intercept": gbm["calibration"]["intercept"],
        "top": gbm["top"],
        "largest_auroc_gap": {k: v["largest_gap"] for k, v in gbm["subgroups"].items()},
        "subgroups": gbm["subgroups"], "features": meta["features"],
        "validation_people": gbm["people"], "validation_outcome_rate": gbm["outcome_rate"],
    }  # fmt: skip


if __name__ == "__main__":
    app()
