"""Linkage rules in detail: the person index, each matching rule, re-sends, the data manager's
decisions, type 1 objections and the secondary-use view; identical on DuckDB and PySpark."""

import pyarrow as pa

from engineroom.population import linkage

SEQ = {"load_seq": pa.int64()}
MANUAL = {
    "table": pa.string(),
    "person_id": pa.string(),
    "link_rule": pa.string(),
}

PEOPLE = """
| nhs_number | birth_date | sex | postcode_district | lsoa      | registered_practice | registration_date |
| 9434765919 | 1950-01-01 | F   | XX1               | E01900001 | Y90001              | 2010-01-01        |
| 9434765870 | 1960-05-05 | M   | XX2               | E01900002 | Y90002              | 2011-01-01        |
| 9434765862 | 1960-05-05 | M   | XX2               | E01900003 | Y90002              | 2011-01-01        |
| 9434765854 | 1960-05-05 | M   | XX3               | E01900003 | Y90003              | 2011-01-01        |
"""
NO_DEPRIVATION = "| lsoa | deprivation_decile |\n"


def _rows(expr, *cols):
    return sorted(
        (tuple(r[c] for c in cols) for r in expr.to_pyarrow().to_pylist()),
        key=lambda row: tuple("" if v is None else str(v) for v in row),
    )


def _index(load, people=PEOPLE, deprivation=NO_DEPRIVATION):
    people, deprivation = load(people, "person", SEQ), load(deprivation, "lsoa_deprivation", SEQ)
    return linkage.person_index(people, deprivation)


def _events(load, text, table="apc_episode"):
    return load(text, table, SEQ)


def _link(load, text, manual=None, table="apc_episode"):
    linked = linkage.link(_events(load, text, table), _index(load), manual, table)
    return _rows(linked, "record_id", "person_id", "link_rule", "unlinked_reason")


def test_index_same_day_registrations_tie_broken_by_practice_code(load):
    index = _index(
        load,
        """
| nhs_number | registered_practice | registration_date |
| 9434765919 | Y90001              | 2020-01-01        |
| 9434765919 | Y90005              | 2020-01-01        |
| 9434765919 | Y90009              | 2019-01-01        |
""",
    )
    assert _rows(index, "nhs_number", "registered_practice") == [("9434765919", "Y90005")]


def test_index_same_registration_resent_latest_load_wins(load):
    index = _index(
        load,
        """
| nhs_number | registered_practice | registration_date | load_seq | row_number | postcode_district |
| 9434765919 | Y90001              | 2020-01-01        | 2        | 1          | XX2               |
| 9434765919 | Y90001              | 2020-01-01        | 5        | 1          | XX5               |
| 9434765919 | Y90001              | 2020-01-01        | 3        | 9          | XX3               |
| 9434765870 | Y90002              | 2020-01-01        | 4        | 1          | XX1               |
| 9434765870 | Y90002              | 2020-01-01        | 4        | 7          | XX7               |
""",
    )
    assert _rows(index, "nhs_number", "postcode_district") == [
        ("9434765870", "XX7"),  # the same load twice: the later row of its file
        ("9434765919", "XX5"),
    ]


def test_index_registrations_without_nhs_number_are_not_people(load):
    index = _index(
        load,
        """
| nhs_number | registered_practice | registration_date |
|            | Y90001              | 2020-01-01        |
| 9434765919 | Y90002              | 2020-01-01        |
""",
    )
    assert _rows(index, "nhs_number") == [("9434765919",)]


def test_index_birth_month_is_first_day_of_month_as_a_date(load):
    index = _index(
        load,
        """
| nhs_number | birth_date | registration_date |
| 9434765919 | 1950-12-31 | 2020-01-01        |
| 9434765870 |            | 2020-01-01        |
""",
    )
    assert index.schema()["birth_month"].is_date()
    rows = _rows(index, "nhs_number", "birth_month")
    assert [(n, str(m) if m else None) for n, m in rows] == [
        ("9434765870", None),
        ("9434765919", "1950-12-01"),
    ]


def test_index_repeated_deprivation_rows_do_not_duplicate_people(load):
    index = _index(
        load,
        deprivation="""
| lsoa      | deprivation_decile |
| E01900001 | 3                  |
| E01900001 | 3                  |
""",
    )
    assert _rows(index, "nhs_number", "deprivation_decile")[-1] == ("9434765919", 3)
    assert len(_rows(index, "nhs_number")) == 4


def test_index_deprivation_decile_from_the_latest_load_of_the_lsoa(load):
    index = _index(
        load,
        deprivation="""
| lsoa      | deprivation_decile | load_seq | row_number |
| E01900001 | 3                  | 1        | 1          |
| E01900001 | 7                  | 4        | 1          |
| E01900001 | 5                  | 2        | 1          |
| E01900002 | 2                  | 1        | 1          |
| E01900002 | 8                  | 1        | 2          |
""",
    )
    assert _rows(index, "nhs_number", "deprivation_decile") == [
        ("9434765854", None),
        ("9434765862", None),
        ("9434765870", 8),  # the same load twice: the later row of its file
        ("9434765919", 7),
    ]


def test_registered_nhs_number_links_whatever_the_demographics(load):
    rows = _link(
        load,
        """
| source | record_id | load_seq | nhs_number | birth_date | sex | postcode_district |
| RX1    | a         | 1        | 9434765919 | 2001-01-01 | M   | ZZ9               |
""",
    )
    assert rows == [("a", "9434765919", "nhs_number", None)]


def test_unregistered_nhs_number_is_not_matched_on_demographics(load):
    rows = _link(
        load,
        """
| source | record_id | load_seq | nhs_number | birth_date | sex | postcode_district |
| RX1    | a         | 1        | 9999999999 | 1950-01-01 | F   | XX1               |
""",
    )
    assert rows == [("a", None, None, "NHS number not in person index")]


def test_postcode_rule_ambiguous_falls_back_to_lsoa_rule(load):
    rows = _link(
        load,
        """
| source | record_id | load_seq | birth_date | sex | postcode_district | lsoa      |
| RX1    | a         | 1        | 1960-05-05 | M   | XX2               | E01900002 |
""",
    )
    assert rows == [("a", "9434765870", "demographic:birth_date+sex+lsoa", None)]


def test_postcode_rule_wins_when_both_rules_find_one_person(load):
    rows = _link(
        load,
        """
| source | record_id | load_seq | birth_date | sex | postcode_district | lsoa      |
| RX1    | a         | 1        | 1960-05-05 | M   | XX3               | E01900002 |
""",
    )
    assert rows == [("a", "9434765854", "demographic:birth_date+sex+postcode_district", None)]


def test_ambiguity_reports_the_larger_candidate_count(load):
    rows = _link(
        load,
        """
| source | record_id | load_seq | birth_date | sex | postcode_district | lsoa      |
| RX1    | a         | 1        | 1960-05-05 | M   | XX2               | E01900003 |
""",
    )
    assert rows == [("a", None, None, "ambiguous demographic match (2 candidates)")]


def test_demographics_need_every_key(load):
    rows = _link(
        load,
        """
| source | record_id | load_seq | birth_date | sex | postcode_district | lsoa |
| RX1    | a         | 1        | 1950-01-01 |     | XX1               |      |
| RX1    | b         | 1        |            | F   | XX1               |      |
""",
    )
    reason = "no usable NHS number and no demographic match"
    assert rows == [("a", None, None, reason), ("b", None, None, reason)]


def test_resent_record_is_linked_as_its_latest_copy(load):
    rows = _link(
        load,
        """
| source | record_id | load_seq | nhs_number | birth_date | sex | postcode_district |
| RX1    | a         | 1        | 9999999999 |            |     |                   |
| RX1    | a         | 3        |            | 1950-01-01 | F   | XX1               |
| RX1    | b         | 2        | 9434765919 |            |     |                   |
| RX1    | b         | 1        | 9434765870 |            |     |                   |
""",
    )
    assert rows == [
        ("a", "9434765919", "demographic:birth_date+sex+postcode_district", None),
        ("b", "9434765919", "nhs_number", None),
    ]


def _manual(load, text):
    return load(text, "manual", MANUAL | {"source": pa.string(), "record_id": pa.string()})


def test_manual_match_links_an_unlinked_record_and_clears_the_reason(load):
    manual = _manual(
        load,
        """
| source | table       | record_id | person_id  | link_rule      |
| RX1    | apc_episode | a         | 9434765862 | manual:matched |
""",
    )
    rows = _link(
        load,
        """
| source | record_id | load_seq | birth_date | sex | postcode_district |
| RX1    | a         | 1        | 1960-05-05 | M   | XX2               |
| RX1    | b         | 1        | 1960-05-05 | M   | XX2               |
""",
        manual,
    )
    assert rows == [
        ("a", "9434765862", "manual:matched", None),
        ("b", None, None, "ambiguous demographic match (2 candidates)"),
    ]


def test_manual_decision_overrides_a_rule_and_keeps_to_its_table(load):
    manual = _manual(
        load,
        """
| source | table       | record_id | person_id      | link_rule          |
| RX1    | apc_episode | a         | local:0000abcd | manual:new person  |
| RX1    | outpatient  | b         | 9434765870     | manual:matched     |
""",
    )
    rows = _link(
        load,
        """
| source | record_id | load_seq | nhs_number |
| RX1    | a         | 1        | 9434765919 |
| RX1    | b         | 1        | 9434765919 |
""",
        manual,
    )
    assert rows == [
        ("a", "local:0000abcd", "manual:new person", None),
        ("b", "9434765919", "nhs_number", None),
    ]


def _gp(load):
    return linkage.link(
        _events(
            load,
            """
| source | record_id | load_seq | nhs_number | snomed_code     |
| Y90001 | g1        | 1        | 9434765919 | 827241000000103 |
| Y90001 | g2        | 1        | 9434765919 | 827241000000103 |
| Y90001 | g3        | 1        | 9999999999 | 827241000000103 |
| Y90002 | g4        | 1        | 9434765870 | 38341003        |
""",
            "gp_event",
        ),
        _index(load),
    )


def test_type1_objectors_are_linked_people_counted_once(load):
    objectors = linkage.type1_objectors(_gp(load))
    assert [r for r in _rows(objectors, "_t1") if r != (None,)] == [("9434765919",)]


def _pseudo(load):
    return load(
        """
| nhs_number | pseudo_id |
| 9434765919 | p1        |
| 9434765870 | p2        |
""",
        "pseudo",
        {"nhs_number": pa.string(), "pseudo_id": pa.string()},
    )


def test_secondary_use_is_linked_rows_only_without_identifiers(load):
    gp = _gp(load)
    nobody = load("| nhs_number |\n", "national_opt_out")
    secondary = linkage.secondary_use(gp, _pseudo(load), nobody)
    assert _rows(secondary, "pseudo_id", "snomed_code") == [
        ("p1", "827241000000103"),
        ("p1", "827241000000103"),
        ("p2", "38341003"),
    ]
    assert not set(linkage.IDENTIFIABLE) & set(secondary.columns)


def test_secondary_use_type1_objection_refuses_all_their_gp_rows(load):
    gp = _gp(load)
    nobody = load("| nhs_number |\n", "national_opt_out")
    secondary = linkage.secondary_use(gp, _pseudo(load), nobody, linkage.type1_objectors(gp))
    assert _rows(secondary, "pseudo_id") == [("p2",)]


def test_secondary_use_leaves_out_people_without_a_pseudonym(load):
    apc = linkage.link(
        _events(
            load,
            """
| source | record_id | load_seq | nhs_number |
| RX1    | a         | 1        | 9434765919 |
| RX1    | b         | 1        | 9434765862 |
""",
        ),
        _index(load),
    )
    nobody = load("| nhs_number |\n", "national_opt_out")
    assert _rows(linkage.secondary_use(apc, _pseudo(load), nobody), "pseudo_id") == [("p1",)]


def test_unlinked_and_direct_care_split_the_rows(load):
    gp = _gp(load)
    assert _rows(linkage.unlinked(gp), "record_id") == [("g3",)]
    assert _rows(linkage.direct_care(gp), "record_id") == [("g1",), ("g2",), ("g4",)]
