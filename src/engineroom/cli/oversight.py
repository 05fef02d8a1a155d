"""Oversight: Making Data Count SPC for analysts and for checking the engine.

    engineroom oversight spc FILE.csv [--improvement increase|decrease|neutral]
                                      [--screen/--no-screen] [--fix-after N] [--rule mdc|ptd]
                                      [--rebase YYYY-MM-DD ...] [--json]

``spc`` reads a CSV with columns ``date,value`` (and optionally ``target``; an empty target cell
is allowed), draws the XmR chart (engine: ``engineroom.population.spc``) and prints a table of
each point's limits and type with the series' variation and assurance icons (``--json``: one
JSON object, floats unrounded). The defaults are the Making Data Count tools' (no screening, the
November 2023 two-of-three rule); ``--screen --rule ptd`` gives NHSRplotthedots'. A file that
cannot be read stops the command with the file, row and field named, exit status 2.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from engineroom.cli import options
from engineroom.cli.output import console, emit, fail
from engineroom.population.spc import SpcOptions, SpcResult, xmr
from engineroom.population.spc.series_csv import Series, SeriesError, read_series, rebase_indices

app = typer.Typer()
PANEL = "Oversight"
oversight_app = typer.Typer(
    help="Oversight: Making Data Count statistical process control.", no_args_is_help=True
)
app.add_typer(oversight_app, name="oversight", rich_help_panel=PANEL)


class Improvement(StrEnum):
    increase = "increase"
    decrease = "decrease"
    neutral = "neutral"


class RuleChoice(StrEnum):
    mdc = "mdc"
    ptd = "ptd"


@oversight_app.command("spc")
def spc(
    file: Path = typer.Argument(..., help="CSV with columns date,value and optionally target"),
    improvement: Improvement = typer.Option(
        Improvement.neutral, help="Which direction is better: increase, decrease or neutral"
    ),
    screen: bool = typer.Option(
        False, "--screen/--no-screen", help="Screen moving ranges >= 3.267 x AMR (NHSRplotthedots)"
    ),
    fix_after: int | None = typer.Option(
        None, min=2, help="Fix each segment's limits on its first N points"
    ),
    rule: RuleChoice = typer.Option(
        RuleChoice.mdc, help="Two-of-three: mdc counts points beyond 3 sigma, ptd does not"
    ),
    rebase: list[str] = typer.Option(
        None, "--rebase", help="Recalculate from the first point on or after this date (repeat)"
    ),
    as_json: bool = options.JSON,
) -> None:
    """The XmR chart of one measure: limits, special causes and the two icons."""
    settings = SpcOptions(
        improvement=improvement.value, screen=screen, fix_after=fix_after, rule=rule.value
    )
    rebase_dates = [_day(text) for text in rebase or ()]
    try:
        series = read_series(file)
        starts = rebase_indices(series.dates, rebase_dates)
    except SeriesError as error:
        fail(str(error), code=2)
    result = xmr(series.values, target=series.targets, options=settings, rebase_at=starts)
    if as_json:
        emit(as_dict(series, result, rebase_dates))
        return
    console.print(_table(file, series, result))
    console.print(_icons(result), soft_wrap=True)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--rebase {text!r}: not a date (YYYY-MM-DD)", code=2)


LIMIT_FIELDS = ("mean", "upl", "lpl", "upper_two_sigma", "lower_two_sigma")
POINT_FIELDS = ("point_type", "trial", "zero_width", "segment")
LEFT = ("date", "variation", "limits")
NUMERIC = ("date", "value", "mean", "LPL", "UPL", "target")


def as_dict(series: Series, result: SpcResult, rebase: list[date]) -> dict:
    """The chart as one JSON-ready object: a list per field, one entry per point in date order."""
    points = result.points
    return {
        "dates": [d.isoformat() for d in series.dates],
        "values": _column(points, "value"),
        "targets": _column(points, "target"),
        **{name: _column(points, name) for name in LIMIT_FIELDS},
        **{name: _column(points, name) for name in POINT_FIELDS},
        "variation_icon": result.variation_icon,
        "assurance_icon": result.assurance_icon,
        "options": {
            "improvement": result.options.improvement,
            "screen": result.options.screen,
            "fix_after": result.options.fix_after,
            "rule": result.options.rule,
            "rebase": [d.isoformat() for d in rebase],
        },
    }


def _column(points, name: str) -> list:
    return [getattr(point, name) for point in points]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.4f}".rstrip("0").rstrip(".")


def _table(file: Path, series: Series, result: SpcResult) -> Table:
    """One row per point, its type in words (never colour alone). The target, trial and segment
    columns appear only when there is something to show in them."""
    points = result.points
    extra = {
        "target": series.targets is not None,
        "limits": any(p.trial for p in points),
        "seg": any(p.segment for p in points),
    }
    table = Table(title=f"XmR chart of {file.name} (LPL/UPL: process limits)")
    for name in ("date", "value", "mean", "LPL", "UPL", "variation", *filter(extra.get, extra)):
        table.add_column(name, justify="left" if name in LEFT else "right", no_wrap=name in NUMERIC)
    for when, point in zip(series.dates, points, strict=True):
        numbers = (point.value, point.mean, point.lpl, point.upl)
        cells = {
            "target": _number(point.target),
            "limits": "trial" if point.trial else "",
            "seg": str(point.segment + 1),
        }
        chosen = [cells[name] for name in extra if extra[name]]
        table.add_row(when.isoformat(), *map(_number, numbers), _kind(point.point_type), *chosen)
    return table


def _kind(point_type: str) -> str:
    return point_type.removeprefix("special_cause_").replace("_", " ")


def _icons(result: SpcResult) -> str:
    variation = (result.variation_icon or "none").replace("_", " ")
    assurance = (result.assurance_icon or "none (needs a target and a direction)").replace("_", " ")
    return f"Variation: {variation}. Assurance: {assurance}."
