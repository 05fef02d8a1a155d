"""Reading untrusted CSV and JSON: records (not lines) are counted, row numbers are record numbers,
and every way a file can be unreadable is a FeedError or a row issue, never an exception."""

import pytest

from engineroom.population import safejson
from engineroom.population.csvfile import count_records, read_csv
from engineroom.population.issues import FeedError


def _issues(parsed) -> list[tuple[int, str, str]]:
    t = parsed.issues.table()
    columns = (t[c].to_pylist() for c in ("row_number", "field", "reason"))
    return list(zip(*columns, strict=True))


def test_record_numbers_survive_quoted_line_breaks_blank_lines_and_bad_records():
    data = b'a,b\n1,2\n\n"x\ny",3\n4\n5,6\n'
    parsed = read_csv(data)
    assert parsed.rows_in == 4  # four records in six physical lines
    assert parsed.row_numbers.tolist() == [1, 2, 4]
    assert parsed.table["a"].to_pylist() == ["1", "x\ny", "5"]
    assert _issues(parsed) == [(3, "(row)", "has 1 fields, expected 2")]
    assert count_records(data, "csv") == 4


def test_a_record_that_is_not_utf8_is_quarantined_by_record_number_and_field():
    parsed = read_csv(b'a,b\n"multi\nline",1\ncaf\xe9,2\nok,3\n')
    assert parsed.rows_in == 3 and parsed.row_numbers.tolist() == [1, 3]
    assert _issues(parsed)[0][:2] == (2, "a")
    assert "not valid UTF-8" in _issues(parsed)[0][2]


def test_cr_only_line_endings_and_repeated_byte_order_marks_are_read():
    parsed = read_csv(b"\xef\xbb\xbf\xef\xbb\xbfa,b\r1,2\r3,4\r")
    assert parsed.rows_in == 2 and parsed.table.column_names == ["a", "b"]
    assert parsed.notes == ["UTF-8 byte order mark removed (2 of them)"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"a,a\n1,2\n", "header repeats column 'a'"),
        ("a,b\n1,2\n".encode("utf-16"), "UTF-16"),
        (b"a\x00,b\n1,2\n", "control characters"),
        (b"caf\xe9,b\n1,2\n", "header is not valid UTF-8"),
        (("x," * 1_500 + "y\n").encode(), "1,501 columns"),
        (b'a,b\n1,2\n"3,4\n5,6\n', "row 2: a double quote is never closed"),
    ],
)
def test_a_header_or_structure_that_cannot_be_trusted_refuses_the_file(data, reason):
    with pytest.raises(FeedError, match=reason):
        read_csv(data)


def test_nul_bytes_quarantine_their_record_only():
    parsed = read_csv(b"a,b\n1,2\x00\n3,4\n")
    assert parsed.row_numbers.tolist() == [2]
    assert _issues(parsed)[0][:2] == (1, "b")


@pytest.mark.parametrize(
    ("data", "ext", "records"),
    [
        (b"", "csv", 0),
        (b"a,b\n", "csv", 0),
        (b'a,b\n"1\n2",3\n4,5', "csv", 2),
        ("a,b\n1,2\n3,4\n".encode("utf-16"), "csv", 2),
        (b'{"a":1}\n\n{"b":2}\n', "ndjson", 2),
        (b"[1, 2, 3]", "json", 1),
    ],
)
def test_count_records_for_whole_file_quarantine(data, ext, records):
    assert count_records(data, ext) == records


@pytest.mark.parametrize(
    ("chunk", "reason"),
    [
        (b"[" * 50_000 + b"]" * 50_000, "nested more than 64"),
        (b'{"a":' * 100 + b"1" + b"}" * 100, "nested more than 64"),
        (b'{"n":' + b"9" * 5_000 + b"}", "5,000 digits"),
        (b'{"n":1e999}', "too large"),
        (b'{"n":NaN}', "NaN is not a JSON number"),
        (b"<Patient/>", "XML"),
        (b'{"a":"\xe9"}', "not valid UTF-8"),
        (b'{"a":', "not valid JSON"),
    ],
)
def test_safe_json_turns_every_hazard_into_a_reason(chunk, reason):
    value, why = safejson.parse(chunk)
    assert value is None and reason in why


def test_safe_json_accepts_ordinary_documents():
    assert safejson.parse(b'{"a":[1,2.5,{"b":null}],"c":"d"}') == (
        {"a": [1, 2.5, {"b": None}], "c": "d"},
        None,
    )
