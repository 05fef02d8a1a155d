"""``engineroom oversight spc``: REFERENCE.md's first vector through the real command, the
options reaching the engine, and bad input stopped with the file, row and field named (exit 2)."""

import json

import pytest
from typer.testing import CliRunner

from engineroom.cli import app

FIRST = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
runner = CliRunner()


def write(tmp_path, text, name="series.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def first_vector(tmp_path, target=""):
    rows = [f"2024-{m:02d}-01,{v},{target}" for m, v in enumerate(FIRST[:12], 1)]
    rows += [f"2025-{m:02d}-01,{v},{target}" for m, v in enumerate(FIRST[12:], 1)]
    return write(tmp_path, "date,value,target\n" + "\n".join(reversed(rows)) + "\n")


def spc(*args):
    result = runner.invoke(app, ["oversight", "spc", *map(str, args)])
    return result, (
        json.loads(result.stdout) if result.exit_code == 0 and "--json" in args else None
    )


@pytest.mark.parametrize(
    ("flag", "upl", "lpl"), [("--screen", 4.6044, -0.7156), ("--no-screen", 6.9515, -3.0626)]
)
def test_the_first_vector_to_four_decimals(tmp_path, flag, upl, lpl):
    result, out = spc(first_vector(tmp_path), "--json", flag, "--improvement", "increase")
    assert result.exit_code == 0, result.output
    assert out["dates"][0] == "2024-01-01" and out["values"] == FIRST  # sorted by date
    assert {round(m, 4) for m in out["mean"]} == {1.9444}
    assert {round(u, 4) for u in out["upl"]} == {upl}
    assert {round(lo, 4) for lo in out["lpl"]} == {lpl}
    assert (
        out["point_type"]
        == ["common_cause"] * 4 + ["special_cause_improvement"] + ["common_cause"] * 13
    )
    assert out["trial"] == [False] * 18 and out["segment"] == [0] * 18
    assert (out["variation_icon"], out["assurance_icon"]) == ("common_cause", None)
    assert out["options"]["screen"] is (flag == "--screen")
    assert len(out["upper_two_sigma"]) == len(out["lower_two_sigma"]) == 18


def test_defaults_are_the_mdc_tools(tmp_path):
    _, out = spc(first_vector(tmp_path), "--json")
    assert out["options"] == {
        "improvement": "neutral",
        "screen": False,
        "fix_after": None,
        "rule": "mdc",
        "rebase": [],
    }
    assert out["point_type"][4] == "special_cause_neutral_high"


def test_a_target_gives_assurance_and_rebase_starts_a_segment(tmp_path):
    path = first_vector(tmp_path, target="8")
    _, out = spc(path, "--json", "--improvement", "increase", "--rebase", "2024-06-15")
    assert out["segment"] == [0] * 6 + [1] * 12 and out["trial"][:6] == [True] * 6
    assert out["assurance_icon"] == "consistent_fail"  # 8 is above the upper limit
    assert out["targets"] == [8.0] * 18


def test_fix_after_and_rule_reach_the_engine(tmp_path):
    _, out = spc(first_vector(tmp_path), "--json", "--fix-after", "4", "--rule", "ptd")
    assert out["options"]["fix_after"] == 4 and out["options"]["rule"] == "ptd"
    assert set(out["mean"]) == {1.5}


def test_the_table_names_each_points_type_in_words(tmp_path):
    result, _ = spc(first_vector(tmp_path), "--improvement", "increase")
    assert result.exit_code == 0
    assert "improvement" in result.output and "Variation: common cause" in result.output


def test_an_empty_target_cell_is_allowed(tmp_path):
    path = write(tmp_path, "date,value,target\n2024-01-01,1,\n2024-02-01,2,5\n")
    _, out = spc(path, "--json")
    assert out["targets"] == [None, 5.0]


BAD = [
    ("date,value\n2024-01-01,1\n2024-02-01,abc\n", "row 3, value", "'abc' is not a number"),
    ("date,value\n2024-01-01,1\n2024-13-01,2\n", "row 3, date", "not a date"),
    ("date,value\n2024-01-01,1\n2024-02-01,\n", "row 3, value", "empty is not a number"),
    ("date,value\n2024-01-01,1\n2024-02-01,nan\n", "row 3, value", "is not a number"),
    ("date,value,target\n2024-01-01,1,x\n", "row 2, target", "'x' is not a number"),
    ("date,value\n2024-01-01,1\n2024-02-01,2\n2024-01-01,3\n", "row 4, date", "repeats row 2"),
    ("month,value\n2024-01-01,1\n", "row 1 (header)", "no 'date' column"),
    ("date,amount\n2024-01-01,1\n", "row 1 (header)", "no 'value' column"),
    ("", "empty file", "header row"),
    ("date,value\n", "no data rows", "after the header"),
]


@pytest.mark.parametrize(("text", "where", "what"), BAD)
def test_bad_input_names_the_file_row_and_field_and_exits_2(tmp_path, text, where, what):
    path = write(tmp_path, text)
    result, _ = spc(path, "--json")
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert str(path) in message and where in message and what in message
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_missing_file_and_a_bad_rebase_date_exit_2(tmp_path):
    result, _ = spc(tmp_path / "absent.csv")
    assert result.exit_code == 2 and "absent.csv: no such file" in result.stderr
    result, _ = spc(first_vector(tmp_path), "--rebase", "2030-01-01")
    assert result.exit_code == 2 and "--rebase 2030-01-01: no point on or after" in result.stderr
    result, _ = spc(first_vector(tmp_path), "--rebase", "June")
    assert result.exit_code == 2 and "not a date" in result.stderr


def test_months_an_excel_byte_order_mark_and_any_row_order_are_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("\ufeffDate, Value\n2024-03,3\n2024-01,1\n\n2024-02,2\n", encoding="utf-8")
    _, out = spc(path, "--json")
    assert out["dates"] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert out["values"] == [1.0, 2.0, 3.0] and out["targets"] == [None] * 3
