"""The one ``engineroom`` command, composed from one module per area (one spelling per command).

- :mod:`.data` — the data platform, no Django: ``synth population|build``, ``ingest``, ``link``,
  ``lake status``, ``mesh poll``.
- :mod:`.health` — population health: ``refresh``, ``risk train|score|evaluate``.
- :mod:`.site` — the web site and its database: ``manage``, ``serve``, ``demo``, ``load-extract``,
  ``publish-register``.
- :mod:`.audit` — the audit log: ``audit verify``, ``audit export --fhir``.
- :mod:`.record` — the shared care record: ``record load``, ``record token``.
- :mod:`.oversight` — oversight: ``oversight spc`` (a Making Data Count XmR chart of a CSV).
- :mod:`.consult` — consultations: ``consult generate`` (a generated consultation to import).
"""

from __future__ import annotations

import typer

from engineroom.cli import audit, consult, data, evaluate, health, oversight, record, site

app = typer.Typer(
    help="Engine Room: one trusted picture of an integrated care system.", no_args_is_help=True
)
app.add_typer(data.app)
app.add_typer(health.app)
app.add_typer(site.app)
app.add_typer(audit.app)
app.add_typer(evaluate.app)
app.add_typer(record.app)  # engineroom record load|token
app.add_typer(oversight.app)  # engineroom oversight spc
app.add_typer(consult.app)  # engineroom consult generate

__all__ = ["app"]
