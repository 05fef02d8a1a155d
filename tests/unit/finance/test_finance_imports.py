"""Reading a monthly return: every refusal names the file, or the row and field, to fix."""

import io

import pytest
from openpyxl import Workbook

from engineroom.finance.imports import ImportRefused, check, read_table

HEADER = "month,category,income,expenditure,forecast_income,forecast_expenditure,risk\n"


def refusal(call) -> list[tuple]:
    with pytest.raises(ImportRefused) as refused:
        call()
    return [(p.row, p.field, p.reason) for p in refused.value.problems]


def test_only_csv_and_xlsx_files_are_read():
    assert refusal(lambda: read_table("return.txt", b"")) == [
        ("–", "file", "return.txt must be a CSV or XLSX file")
    ]


def test_a_csv_must_be_utf8_and_an_xlsx_a_workbook():
    assert refusal(lambda: read_table("return.csv", "£".encode("latin-1")))[0][2].startswith(
        "return.csv is not UTF-8 text (row 1)"
    )
    assert refusal(lambda: read_table("return.xlsx", b"not a workbook"))[0][2].startswith(
        "return.xlsx is not a readable XLSX"
    )


def test_an_empty_workbook_has_no_rows():
    out = io.BytesIO()
    Workbook().save(out)
    assert read_table("return.xlsx", out.getvalue()) == []
    assert refusal(lambda: check([], 2025))[0][2] == "The file has no rows under its header"


def test_missing_columns_are_named():
    rows = read_table("return.csv", b"month,category\n1,acute\n")
    assert {field for _, field, _ in refusal(lambda: check(rows, 2025))} == {
        "income",
        "expenditure",
        "forecast_income",
        "forecast_expenditure",
    }


def test_a_repeated_month_and_category_is_refused():
    content = (HEADER + "1,acute,1,1,1,1,\nApril,Acute care,2,2,2,2,\n").encode()
    rows = read_table("return.csv", content)
    assert refusal(lambda: check(rows, 2025)) == [(3, "category", "Repeats row 2 for this month")]
