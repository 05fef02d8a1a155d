"""What the command line shows people: one stderr console, progress bars, count tables, and the
one JSON object a ``--json`` command prints on standard output."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console(stderr=True)


def progress(*, quiet: bool = False) -> Progress:
    """A bar with the step's name, done/total and elapsed time, drawn on stderr (none if quiet)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
    )


@contextmanager
def steps(
    names: Sequence[str], *, quiet: bool = False
) -> Iterator[Callable[[str, int, int], None]]:
    """A bar over a command's real phases. Yields the ``progress(step, number, steps)`` callback
    the engine calls as each step FINISHES: the bar counts the steps done and names the one
    running now."""
    with progress(quiet=quiet) as bar:
        task = bar.add_task(names[0] if names else "", total=len(names))

        def done(name: str, number: int, total: int) -> None:
            running = names[number] if number < len(names) else f"{name}: done"
            bar.update(task, completed=number, total=total, description=running)

        done.bar = bar  # type: ignore[attr-defined]  # for tests and callers that add detail
        yield done


def status(message: str, *, quiet: bool = False):
    """A spinner on stderr while a step with no inner phases runs (none if quiet)."""
    return nullcontext() if quiet else console.status(message)


def emit(result) -> None:
    """The command's result as ONE JSON object on standard output."""
    typer.echo(json.dumps(result, indent=1, default=str))


def print_counts(title: str, counts: dict[str, int]) -> None:
    table = Table(title=title)
    table.add_column("file")
    table.add_column("rows", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    console.print(table)


def fail(message: str, *, code: int = 1) -> None:
    """Say what is wrong in one red line and exit with ``code`` (1: the run failed; 2: the input
    was bad, as for a bad option, so scripts can tell bad data from a failed run)."""
    console.print(f"[red]{message}[/red]", soft_wrap=True)
    raise typer.Exit(code)


def run_engine(call, *errors: type[Exception]):
    """Run an engine call, turning a missing lake, model or file (and ``errors``) into a
    one-line error."""
    from engineroom.population.phm.lakeviews import NoLinkedData

    try:
        return call()
    except (NoLinkedData, FileNotFoundError, *errors) as error:
        fail(str(error))
