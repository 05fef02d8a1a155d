"""Evaluation of interventions (the Improvement Analytics Unit's matched comparison).

    engineroom evaluate care-homes --homes ID,ID --start YYYY-MM-DD [--end DATE] [--k 1]
                                   [--caliper 0.2] [--method poisson|negbin] [--var DIR] [--json]
    engineroom evaluate planted [--var DIR] [--json]
    engineroom evaluate area --practices ODS,ODS --start YYYY-MM-DD
                             [--population everyone|care_home_residents] [--var DIR] [--json]

``care-homes`` compares residents of the listed care homes (CQC location ids) on the start date
with matched residents of the other care homes in the linked lake, and prints the briefing's key
points (``--json``: the whole briefing as one JSON object). It is secondary use: opt-outs are
applied and small numbers suppressed. ``planted`` reads the synthetic generator's truth
(``VAR/synth/oracle/intervention.json``), runs the evaluation it describes and prints each
estimate against the planted rate ratio. ``area`` evaluates practices (a place's, say) that
adopted a model from a date against those that did not: difference-in-differences on a practice x
month panel, with its parallel-trends check, and an interrupted time series of the adopters. All
run without Django.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from engineroom.cli import options
from engineroom.cli.output import console, emit, fail, run_engine, status
from engineroom.population.lake import var_dir

app = typer.Typer()
PANEL = "Evaluation"
evaluate_app = typer.Typer(
    help="Evaluate interventions against a matched comparison group.", no_args_is_help=True
)
app.add_typer(evaluate_app, name="evaluate", rich_help_panel=PANEL)
K = typer.Option(1, "--k", min=1, max=10, help="Controls per treated resident (1:k matching)")
CALIPER = typer.Option(0.2, min=0.001, help="Caliper in SDs of the logit propensity score")
METHOD = typer.Option("poisson", help="Count model: poisson (robust errors) or negbin")


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{name} {value!r}: not a date (YYYY-MM-DD)")


@evaluate_app.command("care-homes")
def care_homes(
    homes: str = typer.Option(..., help="CQC location ids of the homes, comma-separated"),
    start: str = typer.Option(..., help="Start of the intervention (YYYY-MM-DD)"),
    end: str = typer.Option(None, help="End of follow-up (default: the data end)"),
    k: int = K,
    caliper: float = CALIPER,
    method: str = METHOD,
    as_json: bool = options.JSON,
    var: Path = options.VAR,
) -> None:
    """Residents of the listed homes against matched residents of other care homes."""
    from engineroom.population.evaluation import evaluate

    listed = [h.strip() for h in homes.split(",") if h.strip()]
    if not listed:
        fail("--homes: give at least one CQC location id")
    window = {"start": _day(start, "--start"), "end": _day(end, "--end") if end else None}
    settings = {"k": k, "caliper": caliper, "method": method}
    with status("Evaluating: cohort, matching, outcomes", quiet=as_json):
        result = run_engine(
            lambda: evaluate(var_dir(var), homes=listed, **window, **settings), ValueError
        )
    if as_json:
        emit(result)
        return
    for point in result["key_points"]:
        console.print(f"- {point}", soft_wrap=True)


@evaluate_app.command("planted")
def planted(
    k: int = K,
    caliper: float = CALIPER,
    method: str = METHOD,
    as_json: bool = options.JSON,
    var: Path = options.VAR,
) -> None:
    """The synthetic region's planted intervention: each estimate against the truth."""
    from engineroom.population.evaluation.planted import evaluate_planted

    settings = {"k": k, "caliper": caliper, "method": method}
    with status("Evaluating the planted intervention", quiet=as_json):
        result = run_engine(lambda: evaluate_planted(var_dir(var), **settings), ValueError)
    if as_json:
        emit(result)
        return
    console.print(f"{result['truth'].get('name', 'intervention')} from {result['truth']['start']}")
    for row in result["against_truth"]:
        console.print(_versus(row), soft_wrap=True)


@evaluate_app.command("area")
def area_level(
    practices: str = typer.Option(..., help="ODS codes of the adopting practices, comma-separated"),
    start: str = typer.Option(..., help="When they adopted it (YYYY-MM-DD)"),
    population: str = typer.Option("everyone", help="everyone or care_home_residents"),
    as_json: bool = options.JSON,
    var: Path = options.VAR,
) -> None:
    """Adopting practices against the rest: difference-in-differences and a time series."""
    from engineroom.population.evaluation.panel import evaluate_practices

    listed = [p.strip() for p in practices.split(",") if p.strip()]
    if not listed:
        fail("--practices: give at least one ODS code")
    when = _day(start, "--start")
    with status("Evaluating: panel, difference-in-differences, time series", quiet=as_json):
        result = run_engine(
            lambda: evaluate_practices(
                var_dir(var), practices=listed, start=when, population=population
            ),
            ValueError,
        )
    if as_json:
        emit(result)
        return
    for point in result["key_points"]:
        console.print(f"- {point}", soft_wrap=True)


def _versus(row: dict) -> str:
    if row["rate_ratio"] is None:
        return f"{row['outcome']}: truth {row['truth']}, no estimate"
    covered = "covers" if row["covered"] else "MISSES"
    return (
        f"{row['outcome']}: truth {row['truth']:.2f}, estimate {row['rate_ratio']:.2f} "
        f"(95% CI {row['ci_low']:.2f} to {row['ci_high']:.2f}; {covered} the truth)"
    )
