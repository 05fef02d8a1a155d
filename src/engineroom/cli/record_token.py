"""A bearer token for the FHIR API, for demos and for a system registered by staff.

    engineroom record token --user NAME [--scope "user/*.read"]   # prints the token (1 hour)

The token is an ordinary django-oauth-toolkit access token (stored hashed) and its issue is
audited; use it as ``Authorization: Bearer <token>`` against /fhir. Registered in the one
``record`` group by :mod:`engineroom.cli.record`.
"""

from __future__ import annotations

import typer

from engineroom.cli.output import console
from engineroom.cli.site import setup_django


def token(
    user: str = typer.Option(..., "--user", help="The username the token acts as"),
    scope: str = typer.Option("user/*.read", "--scope", help="SMART-style scopes, space-separated"),
) -> None:
    """Issue a one-hour bearer token for the FHIR API at /fhir."""
    setup_django()
    from engineroom.accounts.models import User
    from engineroom.record.fhir.tokens import issue_token

    found = User.objects.filter(username=user, is_active=True).first()
    if found is None:
        console.print(f"[red]No active user {user!r}.[/red]")
        raise typer.Exit(1)
    try:
        typer.echo(issue_token(found, scope))
    except ValueError as error:
        console.print(f"[red]{error}[/red]", soft_wrap=True)
        raise typer.Exit(2) from error
