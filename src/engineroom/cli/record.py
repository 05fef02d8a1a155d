"""The shared care record's store.

    engineroom record load [--var DIR] [--json]
    engineroom record token --user NAME [--scope ...]   # see engineroom.cli.record_token

Builds every person's record from the current linked lake version and loads it into the
database as a new load, made current only when it is complete (readers never see half a
record; a failed load leaves the last one). A progress bar counts the people written;
``--json`` prints the load's counts as one JSON object instead. Needs Django (the database).
"""

from __future__ import annotations

import time
from pathlib import Path

import typer

from engineroom.cli import options, record_token
from engineroom.cli.output import console, emit, fail, progress
from engineroom.population.lake import var_dir

app = typer.Typer()
PANEL = "Shared care record"
record_app = typer.Typer(
    help="The shared care record: its store, and bearer tokens for its FHIR API.",
    no_args_is_help=True,
)
app.add_typer(record_app, name="record", rich_help_panel=PANEL)
# One ``record`` group: the token command (engineroom.cli.record_token) is registered here too.
record_app.command("token")(record_token.token)


@record_app.command("load")
def load(as_json: bool = options.JSON, var: Path = options.VAR) -> None:
    """Load the record store from the current linked version (a new load, swapped in whole)."""
    from engineroom.cli.site import setup_django

    setup_django()
    from engineroom.population.record import NoLinkedVersion
    from engineroom.record.store import load as load_store

    started = time.monotonic()
    with progress(quiet=as_json) as bar:
        task = bar.add_task("Building the records", total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description="Writing people")

        try:
            loaded = load_store(var_dir(var), progress=step)
        except NoLinkedVersion as error:
            fail(str(error))
    result = _summary(loaded, time.monotonic() - started)
    if as_json:
        emit(result)
        return
    console.print(
        f"record load {loaded.pk} of {loaded.version} is current: {loaded.people:,} people, "
        f"{loaded.entries:,} entries (extract date {loaded.extract_date}), "
        f"{result['seconds']:.1f} s"
    )


def _summary(loaded, seconds: float) -> dict:
    report = loaded.report
    return {
        "load": loaded.pk,
        "version": loaded.version,
        "status": loaded.status,
        "people": loaded.people,
        "entries": loaded.entries,
        "extract_date": loaded.extract_date,
        "entries_by_table": report["entries_by_table"],
        "unlinked_by_table": report["unlinked_by_table"],
        "not_in_index": report["not_in_index"],
        "seconds": round(seconds, 2),
    }
