"""``python -m engineroom.cli ...`` runs the same command as ``engineroom ...``."""

from engineroom.cli import app

app(prog_name="engineroom")
