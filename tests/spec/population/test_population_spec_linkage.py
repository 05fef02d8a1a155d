"""Linkage and secondary-use rules, as user stories, identical on DuckDB and PySpark."""

import pyarrow as pa

from engineroom.population import linkage

SEQ = {"load_seq": pa.int64()}

PEOPLE = """
| nhs_number | birth_date | sex | postcode_district | lsoa      | registered_practice | registration_date |
| 9434765919 | 1950-01-01 | F   | XX1               | E01900001 | Y90001              | 2010-01-01        |
| 9434765870 | 1960-05-05 | M   | XX1               | E01900001 | Y90001              | 2011-01-01        |
| 9434765870 | 1960-05-05 | M   | XX2               | E01900009 | Y90002              | 2020-01-01        |
| 9434765862 | 1970-07-07 | F   | XX3               | E01900002 | Y90003              | 2012-01-01        |
| 9434765854 | 1970-07-07 | F   | XX3               | E01900003 | Y90003              | 2012-01-01        |
"""
DEPRIVATION = """
| lsoa      | deprivation_decile |
| E01900001 | 2                  |
| E01900009 | 9                  |
"""


def _index(load):
    people, deprivation = load(PEOPLE, "person", SEQ), load(DEPRIVATION, "lsoa_deprivation", SEQ)
    return linkage.person_index(people, deprivation)


def _rows(expr, *cols):
    return sorted(tuple(r[c] for c in cols) for r in expr.to_pyarrow().to_pylist())


def test_person_index_keeps_latest_registration_with_deprivation(load):
    index = _index(load)
    rows = _rows(index, "nhs_number", "registered_practice", "deprivation_decile")
    assert rows == [
        ("9434765854", "Y90003", None),
        ("9434765862", "Y90003", None),
        ("9434765870", "Y90002", 9),
        ("9434765919", "Y90001", 2),
    ]
    months = {r["nhs_number"]: str(r["birth_month"]) for r in index.to_pyarrow().to_pylist()}
    assert months["9434765919"] == "1950-01-01" and months["9434765870"] == "1960-05-01"


def test_link_by_nhs_number_and_demographic_rules(load):
    events = load(
        """
| source | record_id | load_seq | nhs_number | birth_date | sex | postcode_district | lsoa      |
| RX1    | a         | 1        | 9434765919 |            |     |                   |           |
| RX1    | b         | 1        | 9999999999 |            |     |                   |           |
| RX1    | c         | 1        |            | 1960-05-05 | M   | XX2               |           |
| RX1    | d         | 1        |            | 1970-07-07 | F   | XX3               | E01900002 |
| RX1    | e         | 1        |            | 1970-07-07 | F   | XX3               |           |
| RX1    | f         | 1        |            | 1999-09-09 | M   | XX9               |           |
""",
        "apc_episode",
        SEQ,
    )
    linked = linkage.link(events, _index(load))
    assert _rows(linked, "record_id", "person_id", "link_rule", "unlinked_reason") == [
        ("a", "9434765919", "nhs_number", None),
        ("b", None, None, "NHS number not in person index"),
        ("c", "9434765870", "demographic:birth_date+sex+postcode_district", None),
        ("d", "9434765862", "demographic:birth_date+sex+lsoa", None),
        ("e", None, None, "ambiguous demographic match (2 candidates)"),
        ("f", None, None, "no usable NHS number and no demographic match"),
    ]


def test_link_resent_record_latest_copy_wins(load):
    events = load(
        """
| source | record_id | load_seq | nhs_number | primary_diagnosis |
| RX1    | a         | 1        | 9434765919 | I50.0             |
| RX1    | a         | 2        | 9434765919 | J44.1             |
| RX2    | a         | 1        | 9434765919 | E11.9             |
""",
        "apc_episode",
        SEQ,
    )
    linked = linkage.link(events, _index(load))
    assert _rows(linked, "source", "record_id", "primary_diagnosis") == [
        ("RX1", "a", "J44.1"),
        ("RX2", "a", "E11.9"),
    ]


def _linked_gp_and_hospital(load):
    index = _index(load)
    gp = linkage.link(
        load(
            """
| source | record_id | load_seq | nhs_number | snomed_code     |
| Y90001 | g1        | 1        | 9434765919 | 38341003        |
| Y90001 | g2        | 1        | 9434765870 | 827241000000103 |
| Y90001 | g3        | 1        | 9434765870 | 38341003        |
| Y90003 | g4        | 1        | 9434765862 | 38341003        |
""",
            "gp_event",
            SEQ,
        ),
        index,
    )
    apc = linkage.link(
        load(
            """
| source | record_id | load_seq | nhs_number |
| RX1    | h1        | 1        | 9434765919 |
| RX1    | h2        | 1        | 9434765870 |
| RX1    | h3        | 1        | 9434765862 |
""",
            "apc_episode",
            SEQ,
        ),
        index,
    )
    pseudo = load(
        """
| nhs_number | pseudo_id |
| 9434765919 | p1        |
| 9434765870 | p2        |
| 9434765862 | p3        |
""",
        "pseudo",
        {"nhs_number": pa.string(), "pseudo_id": pa.string()},
    )
    opted = load(
        """
| nhs_number |
| 9434765862 |
""",
        "national_opt_out",
    )
    return gp, apc, pseudo, opted


def test_opt_out_refused_for_secondary_use_but_never_for_direct_care(load):
    gp, apc, pseudo, opted = _linked_gp_and_hospital(load)
    type1 = linkage.type1_objectors(gp)
    secondary_apc = linkage.secondary_use(apc, pseudo, opted)
    secondary_gp = linkage.secondary_use(gp, pseudo, opted, type1)
    # national opt-out (p3) refused everywhere; type 1 (p2) refused for GP data only
    assert _rows(secondary_apc, "pseudo_id") == [("p1",), ("p2",)]
    assert _rows(secondary_gp, "pseudo_id") == [("p1",)]
    assert "nhs_number" not in secondary_gp.columns and "person_id" not in secondary_gp.columns
    # direct care: everyone, whatever their choices
    assert _rows(linkage.direct_care(apc), "person_id") == [
        ("9434765862",),
        ("9434765870",),
        ("9434765919",),
    ]
    assert len(_rows(linkage.direct_care(gp), "record_id")) == 4


def test_opt_out_granted_when_no_objection(load):
    _gp, apc, pseudo, _ = _linked_gp_and_hospital(load)
    nobody = load("| nhs_number |\n", "national_opt_out")
    assert _rows(linkage.secondary_use(apc, pseudo, nobody), "pseudo_id") == [
        ("p1",),
        ("p2",),
        ("p3",),
    ]
