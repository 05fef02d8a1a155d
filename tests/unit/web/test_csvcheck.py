from engineroom.feeds.csvcheck import Problem, ods_problem, read_csv


def test_non_utf8_bytes_are_named_with_their_row():
    problems: list[Problem] = []
    data = "code,name,level,parent_code,population\nr,Región,region,,0\n".encode("latin-1")
    assert read_csv("areas.csv", data, problems) == []
    assert problems[0].row == 2 and "not UTF-8" in problems[0].reason


def test_a_byte_order_mark_is_accepted():
    problems: list[Problem] = []
    data = "\ufeffref,name\np1,Ann\n".encode()
    assert read_csv("people.csv", data, problems) == [(2, {"ref": "p1", "name": "Ann"})]
    assert problems == []


def test_missing_and_unknown_columns_are_both_reported():
    problems: list[Problem] = []
    read_csv("people.csv", b"ref,nmae\np1,Ann\n", problems)
    assert {(p.field, p.reason.split(" (")[0]) for p in problems} == {
        ("name", "required column is missing"),
        ("nmae", "unknown column"),
    }


def test_ods_codes_are_checked_by_kind():
    assert ods_problem("A81001", "gp_practice") is None
    assert "pattern" in ods_problem("A8100", "gp_practice")
    assert ods_problem("RZ1", "acute") is None
    assert "not an ODS code" in ods_problem("r z1", "acute")
