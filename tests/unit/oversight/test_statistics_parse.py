"""Reading a monthly statistics file: every row accepted or a problem naming its row and field;
numbers that are not plainly numbers, or not of a sensible size, are problems, never guesses."""

import datetime as dt

import pytest

from engineroom.oversight.imports import Refused, parse

HEADER = ["system_code", "measure_code", "month", "numerator", "denominator", "value"]
SYSTEMS = {"north"}


def one(*cells):
    return parse([HEADER, list(cells)], SYSTEMS)


def test_a_good_row_is_accepted():
    accepted, problems = one("north", "ae_4h", "2026-09", "15000", "20000", "75")
    assert problems == [] and accepted[0].month == dt.date(2026, 9, 1)


@pytest.mark.parametrize(
    ("cells", "field", "words"),
    [
        (("south", "ae_4h", "2026-09", "", "", "75"), "system_code", "not a system you may load"),
        (("north", "nope", "2026-09", "", "", "75"), "measure_code", "not a measure"),
        (("north", "finance_variance", "2026-09", "", "", "1"), "measure_code", "comes from"),
        (("north", "ae_attendances", "2026-09", "", "", "1"), "measure_code", "linked lake"),
        (("north", "ae_4h", "2026-13", "", "", "75"), "month", "not a month"),
        (("north", "ae_4h", "2026-09", "", "", "seventy"), "value", "not a number"),
        (("north", "amb_cat2", "2026-09", "", "", "7,5"), "value", "not a number"),
        (("north", "amb_cat2", "2026-09", "", "", "1_000"), "value", "not a number"),
        (("north", "rtt_list", "2026-09", "", "", "1e308"), "value", "sensible size"),
        (("north", "rtt_list", "2026-09", "", "", "nan"), "value", "not a number"),
        (("north", "amb_cat2", "2026-09", "", "", "-30"), "value", "negative"),
        (("north", "rtt_list", "2026-09", "", "", "-5"), "value", "negative"),
        (("north", "ae_4h", "2026-09", "", "", "101"), "value", "between 0 and 100"),
        (("north", "ae_4h", "2026-09", "150", "100", "75"), "value", "proportion"),
        (("north", "ae_4h", "2026-09", "15000", "20000", "80"), "value", "does not agree"),
    ],
)
def test_a_bad_row_is_a_problem_naming_its_field(cells, field, words):
    accepted, problems = one(*cells)
    assert accepted == [] and problems[0].row == 2 and problems[0].field == field
    assert words in problems[0].message


def test_thousands_commas_are_numbers():
    accepted, problems = one("north", "rtt_list", "2026-09", "", "", "212,345")
    assert problems == [] and accepted[0].value == 212_345


def test_a_spreadsheets_date_cell_is_its_month_and_empty_cells_stay_empty():
    accepted, _ = one("north", "ae_4h", dt.datetime(2026, 9, 1), None, None, 75.0)
    assert accepted[0].month == dt.date(2026, 9, 1) and accepted[0].numerator is None
    _, problems = one("north", "ae_4h", dt.datetime(2026, 9, 15), None, None, 75.0)
    assert problems[0].field == "month" and problems[0].raw[3] == ""


def test_a_repeated_month_is_a_problem_on_its_second_row():
    row = ["north", "ae_4h", "2026-09", "", "", "75"]
    accepted, problems = parse([HEADER, row, row], SYSTEMS)
    assert len(accepted) == 1 and (problems[0].row, problems[0].field) == (3, "month")


def test_a_file_without_the_columns_is_refused_whole():
    with pytest.raises(Refused, match="value is missing"):
        parse([HEADER[:-1], ["north", "ae_4h", "2026-09", "", ""]], SYSTEMS)
    with pytest.raises(Refused, match="empty"):
        parse([], SYSTEMS)
