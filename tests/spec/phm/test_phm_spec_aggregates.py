"""Secondary-use aggregates (dashboard.json) as user stories, identical on DuckDB and PySpark.

People are written as groups: each pipe-table row stands for ``people`` identical people (named
``<who>-1``, ``<who>-2``...). Columns left out take the defaults: a healthy, fit woman of 40 in
quintile 3 at practice P1, outside the top risk groups, with no conditions.

The region: system S (places A and B); place A has neighbourhoods A1 (practices P1, P2) and A2
(P3); place B has neighbourhood B1 (P4).
"""

import itertools

import pyarrow as pa
import pytest

from engineroom.population.engine import register
from engineroom.population.phm import aggregates


def _unit(code: str, name: str, **inside) -> dict:
    return {"code": code, "name": name, **inside}


def _hood(code: str, *practices: str) -> dict:
    return _unit(code, f"Neighbourhood {code}", practices=[{"ods": p} for p in practices])


PLACE_A = _unit("A", "Place A", neighbourhoods=[_hood("A1", "P1", "P2"), _hood("A2", "P3")])
PLACE_B = _unit("B", "Place B", neighbourhoods=[_hood("B1", "P4")])
SPEC = {"systems": [_unit("S", "System", places=[PLACE_A, PLACE_B])]}
_names = itertools.count()
AREAS = aggregates.areas_from_spec(SPEC, [])
CONDITIONS = ("hypertension", "af", "diabetes", "ckd", "copd", "chd", "heart_failure", "dementia")
COLUMNS = {
    "who": (pa.string(), None),
    "people": (pa.int64(), 1),
    "practice": (pa.string(), "P1"),
    "age": (pa.int64(), 40),
    "sex": (pa.string(), "F"),
    "quintile": (pa.int64(), 3),
    "segment": (pa.string(), "healthy"),
    "efi": (pa.string(), "0.0"),  # as text in the table, a number in the engine
    "efi_category": (pa.string(), "fit"),
    "risk_group": (pa.int64(), 3),
    "emergency_admissions": (pa.int64(), 0),
    **{c: (pa.bool_(), False) for c in CONDITIONS},
}


def people(engine, load, text: str):
    """The secondary-use person table of a group table (see module doc)."""
    _name, con = engine
    given = [c.strip() for c in text.strip().splitlines()[0].strip().strip("|").split("|")]
    groups = load(text, "_groups", {c: t for c, (t, _) in COLUMNS.items()}).to_pyarrow()
    data = {c: [] for c in ("pseudo_id", *COLUMNS)}
    for row in groups.to_pylist():
        for i in range(row["people"]):
            data["pseudo_id"].append(f"{row['who']}-{i + 1}")
            for c, (_, default) in COLUMNS.items():
                data[c].append(row[c] if c in given else default)
    types = {c: t for c, (t, _) in COLUMNS.items()} | {
        "pseudo_id": pa.string(),
        "efi": pa.float64(),
    }
    data["efi"] = [None if e is None else float(e) for e in data["efi"]]
    data["core20"] = [q == 1 for q in data["quintile"]]
    table = pa.table({c: pa.array(v, types.get(c, pa.bool_())) for c, v in data.items()})
    return register(con, f"_agg_people_{next(_names)}", table.drop(["who", "people"]))


def flags(load, text: str = ""):
    """Case-finding flags by pseudonym: each row flags the first ``people`` of group ``who``."""
    rows = ["| pseudo_id | condition |"]
    for line in text.strip().splitlines()[1:]:
        who, condition, n = (c.strip() for c in line.strip().strip("|").split("|"))
        rows += [f"| {who}-{i + 1} | {condition} |" for i in range(int(n))]
    if len(rows) == 1:
        rows.append("| nobody | none |")
    return load("\n".join(rows), "_flags", {"pseudo_id": pa.string(), "condition": pa.string()})


def build(engine, load, text: str, flagged: str = "", previous: str | None = None) -> dict:
    prev = None if previous is None else people(engine, load, previous)
    return aggregates.build(people(engine, load, text), flags(load, flagged), AREAS, prev)


def test_every_system_place_and_neighbourhood_counts_the_people_of_its_practices(engine, load):
    out = build(
        engine,
        load,
        """
| who | practice | people |
| a   | P1       | 10     |
| b   | P2       | 12     |
| c   | P3       | 20     |
| d   | P4       | 40     |
| e   | P9       | 50     |
""",
    )
    population = {key: area["population"] for key, area in out.items()}
    # P9 is in no area; 10 + 12 = 22 -> 20, 42 -> 40, 82 -> 80
    assert population == {
        "neighbourhood:A1": 20,
        "neighbourhood:A2": 20,
        "place:A": 40,
        "neighbourhood:B1": 40,
        "place:B": 40,
        "system:S": 80,
    }
    assert list(out) == [f"{a['level']}:{a['code']}" for a in AREAS]
    assert {k: (a["level"], a["name"], a["parent"]) for k, a in out.items()}["place:A"] == (
        "place",
        "Place A",
        "S",
    )


def test_small_counts_are_suppressed_and_the_rest_rounded_to_5(engine, load):
    out = build(
        engine,
        load,
        """
| who | practice | people |
| a   | P1       | 7      |
| b   | P3       | 13     |
| c   | P4       | 8      |
""",
    )
    # 1-7 shown as *, 0 stays 0, halves round up: 13 -> 15, 8 -> 10, 28 -> 30
    assert out["neighbourhood:A1"]["population"] == "*"
    assert out["neighbourhood:A2"]["population"] == 15
    assert out["neighbourhood:B1"]["population"] == 10
    assert out["system:S"]["population"] == 30
    assert out["neighbourhood:A1"]["core20"] == {"people": 0, "percent": "*"}


def test_an_area_with_no_one_has_zeros_and_no_rates(engine, load):
    out = build(engine, load, "| who | practice | people |\n| a | P1 | 10 |")
    b1 = out["neighbourhood:B1"]
    assert b1["population"] == 0 and b1["core20"] == {"people": 0, "percent": None}
    assert {r["percent"] for r in b1["segments"]} == {None}
    assert b1["inequalities"][0]["sii"] is None


def test_rates_are_computed_on_the_rounded_counts(engine, load):
    out = build(
        engine,
        load,
        """
| who | quintile | people |
| a   | 1        | 13     |
| b   | 3        | 9      |
""",
    )
    core20 = out["system:S"]["core20"]
    # 13 -> 15 of 22 -> 20: 75.0%, not 59.1%
    assert core20 == {"people": 15, "percent": 75.0}


def test_age_sex_pyramid_in_five_year_bands_to_90_plus(engine, load):
    out = build(
        engine,
        load,
        """
| who | age | sex | people |
| a   | 0   | F   | 4      |
| b   | 4   | F   | 6      |
| c   | 5   | M   | 10     |
| d   | 89  | M   | 10     |
| e   | 90  | F   | 5      |
| f   | 104 | F   | 5      |
| g   | 30  | I   | 20     |
""",
    )
    pyramid = out["system:S"]["pyramid"]
    assert [r["band"] for r in pyramid][:2] == ["0-4", "5-9"] and pyramid[-1]["band"] == "90+"
    assert len(pyramid) == 19
    shown = {r["band"]: (r["female"], r["male"]) for r in pyramid if r["female"] or r["male"]}
    # people of neither sex are in the population but not in the pyramid
    assert shown == {"0-4": (10, 0), "5-9": (0, 10), "85-89": (0, 10), "90+": (10, 0)}
    assert out["system:S"]["population"] == 60


def test_segment_mix_with_the_previous_year(engine, load):
    now = """
| who | segment            | people |
| a   | healthy            | 30     |
| b   | chronic_conditions | 10     |
"""
    before = """
| who | segment            | people |
| a   | healthy            | 20     |
| z   | end_of_life        | 20     |
"""
    mix = {
        r["segment"]: r for r in build(engine, load, now, previous=before)["system:S"]["segments"]
    }
    assert mix["healthy"] | {"label": ""} == {
        "segment": "healthy",
        "label": "",
        "people": 30,
        "percent": 75.0,
        "previous_people": 20,
        "previous_percent": 50.0,
    }
    assert (mix["chronic_conditions"]["people"], mix["chronic_conditions"]["previous_people"]) == (
        10,
        0,
    )
    assert mix["end_of_life"]["previous_percent"] == 50.0 and mix["end_of_life"]["people"] == 0
    assert len(mix) == 8
    without = build(engine, load, now)["system:S"]["segments"]
    assert "previous_people" not in without[0]


def test_frailty_mix_among_people_aged_65_and_over(engine, load):
    out = build(
        engine,
        load,
        """
| who | age | efi_category | people |
| a   | 70  | fit          | 10     |
| b   | 80  | moderate     | 30     |
| c   | 65  | severe       | 10     |
| d   | 64  | severe       | 40     |
""",
    )
    frailty = out["system:S"]["frailty"]
    assert frailty["denominator"] == "people aged 65 and over" and frailty["people"] == 50
    shown = {c["category"]: (c["people"], c["percent"]) for c in frailty["categories"]}
    assert shown == {
        "fit": (10, 20.0),
        "mild": (0, 0.0),
        "moderate": (30, 60.0),
        "severe": (10, 20.0),
    }


def test_risk_mix_counts_each_top_group_cumulatively(engine, load):
    out = build(
        engine,
        load,
        """
| who | risk_group | people |
| a   | 0          | 10     |
| b   | 1          | 10     |
| c   | 2          | 20     |
| d   | 3          | 60     |
""",
    )
    assert out["system:S"]["risk"] == [
        {"group": "top 0.5%", "people": 10, "percent": 10.0},
        {"group": "top 1%", "people": 20, "percent": 20.0},
        {"group": "top 5%", "people": 40, "percent": 40.0},
    ]


def test_prevalence_recorded_expected_undiagnosed_and_flagged(engine, load):
    out = build(
        engine,
        load,
        """
| who | age | sex | hypertension | people |
| a   | 80  | M   | T            | 40     |
| b   | 80  | M   |              | 60     |
| c   | 10  | F   |              | 100    |
""",
        flagged="""
| who | condition    | people |
| b   | hypertension | 12     |
| b   | diabetes     | 3      |
""",
    )
    rows = {r["condition"]: r for r in out["system:S"]["prevalence"]}
    # expected hypertension: 100 men of 75+ at 0.70 = 70; children 0; undiagnosed 70 - 40 = 30
    assert rows["hypertension"] == {
        "condition": "hypertension",
        "label": "Hypertension",
        "registered": 200,
        "recorded": 40,
        "recorded_percent": 20.0,
        # age-standardised (ESP 2013): 40/100 at 80-84 x weight 2,500/100,000 = 1.0 per 100
        "dsr": 1.0,
        "dsr_lower": 0.7,
        "dsr_upper": 1.4,
        "expected": 70,
        "expected_percent": 35.0,
        "estimated_undiagnosed": 30,
        "case_finding_flagged": 10,
    }
    assert rows["diabetes"]["case_finding_flagged"] == "*"
    assert rows["diabetes"]["expected"] == 20  # 100 x 0.22 = 22 -> 20
    assert rows["af"]["recorded"] == 0 and rows["ckd"]["estimated_undiagnosed"] == 20
    assert out["neighbourhood:B1"]["prevalence"][0]["case_finding_flagged"] == 0


def test_flags_count_in_the_area_of_the_person(engine, load):
    out = build(
        engine,
        load,
        """
| who | practice | people |
| a   | P1       | 20     |
| b   | P4       | 20     |
""",
        flagged="""
| who | condition | people |
| a   | af        | 10     |
| x   | af        | 10     |
""",
    )
    af = lambda key: next(r for r in out[key]["prevalence"] if r["condition"] == "af")  # noqa: E731
    # flags of people not in the secondary-use table (x: opted out) count nowhere
    assert af("neighbourhood:A1")["case_finding_flagged"] == 10
    assert af("neighbourhood:B1")["case_finding_flagged"] == 0
    assert af("system:S")["case_finding_flagged"] == 10


def test_inequalities_by_quintile_with_gaps_and_slope_index(engine, load):
    rows = [
        f"| q{q}{flag} | {q} | {'T' if flag == 'y' else ''} | {n} |"
        for q, y in zip(range(1, 6), (300, 250, 200, 150, 100), strict=True)
        for flag, n in (("y", y), ("n", 1000 - y))
    ]
    out = build(engine, load, "| who | quintile | diabetes | people |\n" + "\n".join(rows))
    by = {m["measure"]: m for m in out["system:S"]["inequalities"]}
    diabetes = by["recorded_diabetes"]
    assert [q["rate"] for q in diabetes["quintiles"]] == [30.0, 25.0, 20.0, 15.0, 10.0]
    assert (diabetes["absolute_gap"], diabetes["relative_gap"]) == (20.0, 3.0)
    assert diabetes["sii"] == pytest.approx(25.0)
    assert by["recorded_af"]["sii"] == 0.0
    assert list(by) == [
        "emergency_admission",
        "high_risk",
        "recorded_hypertension",
        "recorded_af",
        "recorded_diabetes",
        "recorded_ckd",
        "frailty_65",
        "multimorbidity",
    ]


def test_inequality_measures_count_the_right_people(engine, load):
    out = build(
        engine,
        load,
        """
| who | quintile | age | efi  | emergency_admissions | risk_group | copd | chd | people |
| a   | 1        | 70  | 0.25 | 1                    | 2          | T    | T   | 10     |
| b   | 1        | 70  | 0.24 | 0                    | 3          | T    |     | 10     |
| c   | 5        | 30  | 0.5  | 2                    | 0          |      |     | 20     |
| d   |          | 70  | 0.5  | 1                    | 0          | T    | T   | 10     |
""",
    )
    by = {
        m["measure"]: {q["quintile"]: q for q in m["quintiles"]}
        for m in out["system:S"]["inequalities"]
    }
    count = lambda measure, q: (by[measure][q]["count"], by[measure][q]["population"])  # noqa: E731
    # a: emergency, high risk, frail (> 0.24) aged 65+, two conditions; d has no quintile
    assert count("emergency_admission", 1) == (10, 20) and count("emergency_admission", 5) == (
        20,
        20,
    )
    assert count("high_risk", 1) == (10, 20) and count("high_risk", 5) == (20, 20)
    assert count("frailty_65", 1) == (10, 20) and count("frailty_65", 5) == (0, 0)
    assert count("multimorbidity", 1) == (10, 20)


def test_secondary_use_people_drop_opt_outs_type1_objections_and_identifiers(engine, load):
    table = """
| person_id | nhs_number | birth_date | lsoa      | practice | age |
| 9000000001 | 9000000001 | 1950-01-01 | E01000001 | P1       | 75  |
| 9000000002 | 9000000002 | 1960-01-01 | E01000001 | P1       | 65  |
| 9000000003 | 9000000003 | 1970-01-01 | E01000001 | P2       | 55  |
"""
    cols = {"person_id": pa.string(), "nhs_number": pa.string(), "birth_date": pa.date32()}
    cols |= {"lsoa": pa.string(), "practice": pa.string(), "age": pa.int64()}
    everyone = load(table, "_people", cols)
    opted = load("| nhs_number |\n| 9000000002 |", "_opted", {"nhs_number": pa.string()})
    type1 = load("| person_id |\n| 9000000003 |", "_type1", {"person_id": pa.string()})
    pseudo = load(
        "| nhs_number | pseudo_id |\n| 9000000001 | aaa |\n| 9000000002 | bbb |\n| 9000000003 | ccc |",
        "_pseudo",
        {"nhs_number": pa.string(), "pseudo_id": pa.string()},
    )
    secondary = aggregates.secondary_people(everyone, opted, type1, pseudo)
    # identifiers (NHS number, birth date, LSOA) never leave; the pseudonym comes first
    assert list(secondary.columns) == ["pseudo_id", "practice", "age"]
    assert secondary.to_pyarrow().to_pylist() == [{"pseudo_id": "aaa", "practice": "P1", "age": 75}]
