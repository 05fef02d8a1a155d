"""``engineroom consult generate`` writes the file the suffix asks for and says what it planted."""

import csv

from typer.testing import CliRunner

from engineroom.cli import consult


def test_consult_generate_writes_csv_and_reports_what_was_planted(tmp_path):
    out = tmp_path / "responses.csv"
    result = CliRunner().invoke(consult.app, ["consult", "generate", str(out), "--n", "40"])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 41 and rows[0][:2] == ["Response ID", "Submitted"]
    assert "Wrote 40 responses" in result.output and "planted themes" in result.output


def test_consult_generate_refuses_another_suffix(tmp_path):
    result = CliRunner().invoke(consult.app, ["consult", "generate", str(tmp_path / "x.txt")])
    assert result.exit_code == 2 and not (tmp_path / "x.txt").exists()
