"""Consultations: a generated consultation to import, demonstrate and benchmark with.

    engineroom consult generate OUT.csv|OUT.xlsx [--n 18500] [--seed 17]
                                [--style citizen_space|smartsurvey]

Writes the responses as Citizen Space or SmartSurvey export them (engine:
``engineroom.population.consult.generate``), then prints how many responses, the planted themes
per free-text question and the personal data planted (what redaction should find).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from engineroom.cli.output import console, fail

app = typer.Typer()
consult_app = typer.Typer(
    help="Consultations: generated responses to import.", no_args_is_help=True
)
app.add_typer(consult_app, name="consult", rich_help_panel="Engagement")


class Style(StrEnum):
    citizen_space = "citizen_space"
    smartsurvey = "smartsurvey"


@consult_app.command("generate")
def generate(
    out: Path = typer.Argument(..., help="The file to write: .csv or .xlsx"),
    n: int = typer.Option(18_500, "--n", min=1, max=200_000, help="How many responses"),
    seed: int = typer.Option(17, help="The same seed gives the same responses"),
    style: Style = typer.Option(Style.citizen_space, help="Whose export to imitate"),
) -> None:
    """A consultation on community hospitals and urgent care with planted themes."""
    from engineroom.population.consult.generate import consultation, write_csv, write_xlsx

    writers = {".csv": write_csv, ".xlsx": write_xlsx}
    if out.suffix.lower() not in writers:
        fail(f"{out}: the file must end .csv or .xlsx", code=2)
    generated = consultation(n, seed=seed)
    writers[out.suffix.lower()](generated, out, style=style.value)
    console.print(f"Wrote {n:,} responses ({style.value}) to {out}")
    for key, themes in generated.themes.items():
        console.print(f"  {key}: {len(themes)} planted themes ({', '.join(themes.values())})")
    planted = ", ".join(f"{kind} {count}" for kind, count in sorted(generated.pii.items()))
    console.print(f"  personal data planted: {planted or 'none'}")
