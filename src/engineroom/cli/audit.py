"""The audit log: check it is whole, and export it.

    engineroom audit verify [--json]                          # exit 1 naming the first bad event
    engineroom audit export --fhir [--out FILE] [--since DATE]  # FHIR R4 AuditEvent NDJSON

Both run against the operational database (Django settings, ``ENGINEROOM_AUDIT_KEY``); each
verification and export is itself written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import nullcontext
from dataclasses import asdict
from pathlib import Path

import typer

from engineroom.cli.output import console
from engineroom.cli.site import setup_django

app = typer.Typer()
PANEL = "Audit log"
audit_app = typer.Typer(help="The audit log: verify the chain, export it.", no_args_is_help=True)
app.add_typer(audit_app, name="audit", rich_help_panel=PANEL)


@audit_app.command("verify")
def verify(as_json: bool = typer.Option(False, "--json", help="Print the result as JSON")) -> None:
    """Walk the keyed hash chain and check it against the checkpoints kept outside the database."""
    setup_django()
    from engineroom.audit import integrity

    result = integrity.verify(by=None)
    if as_json:
        typer.echo(json.dumps(asdict(result), indent=1))
    else:
        console.print(result.summary if result.ok else f"[bold red]{result.summary}[/bold red]")
    if not result.ok:
        if not as_json and result.first_bad_seq:
            console.print(f"first bad event: seq {result.first_bad_seq}, id {result.first_bad_id}")
        raise typer.Exit(1)


@audit_app.command("export")
def export(
    fhir: bool = typer.Option(False, "--fhir", help="FHIR R4 AuditEvent NDJSON (IHE BALP shape)"),
    out: Path = typer.Option(None, "--out", help="File to write (default: standard output)"),
    since: str = typer.Option(None, "--since", help="Only events from this date or time (ISO)"),
) -> None:
    """Export the audit log for a SIEM or a national audit store."""
    if not fhir:
        console.print("[red]Name the format: --fhir (FHIR R4 AuditEvent NDJSON).[/red]")
        raise typer.Exit(2)
    start = _since(since)
    setup_django()
    from engineroom.audit import fhir as audit_fhir

    to = str(out) if out else "standard output"
    with out.open("w", encoding="utf-8") if out else nullcontext(sys.stdout) as stream:
        written = audit_fhir.export(stream, since=start, to=to)
    console.print(f"{written:,} audit events written to {to}", soft_wrap=True)


def _since(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        console.print(f"[red]--since {text!r} is not a date or time (e.g. 2025-04-01)[/red]")
        raise typer.Exit(2) from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
