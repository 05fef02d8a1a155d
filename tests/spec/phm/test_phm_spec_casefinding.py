"""Case-finding rules as user stories, identical on DuckDB and PySpark.

The date is 2025-03-31. GP events name their code by concept (``sys``, ``dia``, ``hba1c``,
``egfr``, ``pulse`` for an irregular pulse; ``dx:<condition>`` for a diagnosis) and are mapped to
the SNOMED CT codes of ``codelists.json`` before loading. Everyone is alive unless the person
table says otherwise.
"""

from datetime import date

import pyarrow as pa
import pytest

from engineroom.population.engine import register
from engineroom.population.phm import casefinding, lakeviews
from engineroom.population.phm.codes import codelists

AS_OF = date(2025, 3, 31)
LINKED = {"person_id": pa.string()}
PERSON = {"nhs_number": pa.string(), "date_of_death": pa.date32()}
SHORT = {"sys": "systolic_bp", "dia": "diastolic_bp", "pulse": "irregular_pulse"}


def _code(name: str) -> str:
    lists = codelists()
    if name.startswith("dx:"):
        return lists["conditions"][name[3:]][0]
    return lists["measurements"][SHORT.get(name, name)][0]


def _cells(text: str) -> list[list[str]]:
    lines = [ln.strip().strip("|") for ln in text.strip().splitlines() if ln.strip()]
    return [[c.strip() for c in ln.split("|")] for ln in lines]


def _coded(text: str) -> str:
    """The pipe table with each ``snomed_code`` concept name replaced by its code."""
    header, *rows = _cells(text)
    i = header.index("snomed_code")
    lines = [header] + [[*r[:i], _code(r[i]), *r[i + 1 :]] for r in rows]
    return "\n".join("| " + " | ".join(r) + " |" for r in lines)


def _people(text: str) -> set[str]:
    header, *rows = _cells(text)
    return {r[header.index("person_id")] for r in rows}


def lake_of(engine, load, gp="", apc="", person=""):
    """A linked lake of GP events, hospital episodes and (for deaths) person index rows; everyone
    with an event is in the person index, alive unless ``person`` gives a date of death."""
    _name, con = engine
    tables, people = {}, set()
    if gp:
        tables["gp_event"] = load(_coded(gp), "gp_event", LINKED)
        people |= _people(gp)
    if apc:
        tables["apc"] = load(apc, "apc_episode", LINKED)
        people |= _people(apc)
    dead = _cells(person)[1:] if person else []
    rows = [[p, ""] for p in sorted(people - {r[0] for r in dead})] + dead
    index = "\n".join(f"| {p} | {d} |" for p, d in [["nhs_number", "date_of_death"], *rows])
    tables["person"] = load(index, "_person", PERSON)
    return lakeviews.LinkedLake.over(con, tables)


def found(lake, as_of=AS_OF) -> dict:
    """{(person, condition): evidence} of everyone flagged."""
    rows = casefinding.find_cases(lake, as_of).to_pyarrow().to_pylist()
    return {(r["person_id"], r["condition"]): r["evidence"] for r in rows}


def test_hypertension_two_raised_readings_on_different_days(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| A         | 2024-01-01 | sys         | 150   |
| A         | 2024-01-01 | dia         | 85    |
| A         | 2024-06-01 | sys         | 132   |
| A         | 2024-06-01 | dia         | 92    |
| B         | 2024-01-01 | sys         | 150   |
| B         | 2024-06-01 | sys         | 130   |
| B         | 2024-06-01 | dia         | 80    |
""",
    )
    # A: raised on two days (systolic once, diastolic once); B: raised only once
    assert found(lake) == {
        ("A", "hypertension"): "2 raised readings, highest 150/92 mmHg, latest 2024-06-01"
    }
    (row,) = casefinding.find_cases(lake, AS_OF).to_pyarrow().to_pylist()
    assert row["latest"] == date(2024, 6, 1)
    assert list(casefinding.find_cases(lake, AS_OF).columns) == [
        "person_id",
        "condition",
        "evidence",
        "latest",
    ]


def test_hypertension_readings_on_the_same_day_count_once(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| A         | 2024-01-01 | sys         | 150   |
| A         | 2024-01-01 | sys         | 160   |
| A         | 2024-01-01 | dia         | 95    |
""",
    )
    assert found(lake) == {}


def test_hypertension_evidence_shows_a_missing_reading_as_a_question_mark(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| A         | 2024-01-01 | dia         | 95    |
| A         | 2024-02-01 | dia         | 91    |
| B         | 2024-01-01 | sys         | 150   |
| B         | 2024-02-01 | sys         | 145   |
""",
    )
    # A: raised on two days, never a systolic; B: never a diastolic
    assert found(lake) == {
        ("A", "hypertension"): "2 raised readings, highest ?/95 mmHg, latest 2024-02-01",
        ("B", "hypertension"): "2 raised readings, highest 150/? mmHg, latest 2024-02-01",
    }


def test_hypertension_thresholds_are_140_systolic_or_90_diastolic(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| A         | 2024-01-01 | sys         | 140   |
| A         | 2024-02-01 | dia         | 90    |
| B         | 2024-01-01 | sys         | 139   |
| B         | 2024-01-01 | dia         | 89    |
| B         | 2024-02-01 | sys         | 139   |
| B         | 2024-02-01 | dia         | 89    |
""",
    )
    assert list(found(lake)) == [("A", "hypertension")]


def test_a_diagnosis_by_the_date_stops_a_flag_and_one_after_it_is_ignored(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code      | value |
| A         | 2024-01-01 | sys              | 150   |
| A         | 2024-06-01 | sys              | 150   |
| A         | 2025-03-31 | dx:hypertension  |       |
| B         | 2024-01-01 | sys              | 150   |
| B         | 2024-06-01 | sys              | 150   |
| B         | 2025-04-01 | dx:hypertension  |       |
""",
    )
    assert list(found(lake)) == [("B", "hypertension")]


def test_readings_after_the_date_are_not_read(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| A         | 2025-01-01 | sys         | 150   |
| A         | 2025-04-01 | sys         | 150   |
""",
    )
    assert found(lake) == {}
    assert list(found(lake, date(2025, 4, 1))) == [("A", "hypertension")]


def test_af_from_an_irregular_pulse_unless_af_is_coded(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| L         | 2024-05-05 | pulse       |       |
| M         | 2024-05-05 | pulse       |       |
| M         | 2022-01-01 | dx:af       |       |
""",
    )
    assert found(lake) == {("L", "af"): "irregular pulse recorded"}


def test_af_in_a_primary_or_secondary_hospital_diagnosis(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| P         | 2024-05-05 | pulse       |       |
""",
        apc="""
| person_id | admission_date | primary_diagnosis | secondary_diagnoses | source |
| N         | 2024-02-02     | I48.9             |                     | RX1    |
| S         | 2024-02-02     | J18.9             | E11.9;I48.0         | RX1    |
| P         | 2024-01-01     | I48.1             |                     | RX1    |
| T         | 2025-04-01     | I48.9             |                     | RX1    |
| U         | 2024-02-02     | I50.0             | I10             | RX1    |
""",
    )
    # T was admitted after the date; U has no AF
    assert found(lake) == {
        ("N", "af"): "AF in a hospital diagnosis",
        ("S", "af"): "AF in a hospital diagnosis",
        ("P", "af"): "irregular pulse recorded; AF in a hospital diagnosis",
    }


def test_diabetes_the_latest_hba1c_decides(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| F         | 2024-01-01 | hba1c       | 50    |
| F         | 2024-09-01 | hba1c       | 47    |
| G         | 2024-01-01 | hba1c       | 40    |
| G         | 2024-09-01 | hba1c       | 48    |
| H         | 2024-09-01 | hba1c       | 60    |
| H         | 2019-09-01 | dx:diabetes |       |
""",
    )
    # F: high, then below 48 most recently; H: diabetes coded
    assert found(lake) == {("G", "diabetes"): "latest HbA1c 48 mmol/mol on 2024-09-01"}


def test_diabetes_a_later_reading_after_the_date_is_not_read(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| F         | 2024-01-01 | hba1c       | 52    |
| F         | 2025-04-01 | hba1c       | 41    |
""",
    )
    assert found(lake) == {("F", "diabetes"): "latest HbA1c 52 mmol/mol on 2024-01-01"}


@pytest.mark.parametrize(
    ("second", "flagged"), [("2024-03-30", False), ("2024-03-31", True), ("2024-12-01", True)]
)
def test_ckd_two_low_egfr_readings_at_least_90_days_apart(engine, load, second, flagged):
    lake = lake_of(
        engine,
        load,
        f"""
| person_id | event_date | snomed_code | value |
| I         | 2024-01-01 | egfr        | 55    |
| I         | {second}   | egfr        | 50    |
""",
    )
    expected = {("I", "ckd"): f"eGFR < 60 on 2024-01-01 and {second} (lowest 50)"}
    assert found(lake) == (expected if flagged else {})


def test_ckd_readings_of_60_are_not_low_and_a_coded_ckd_stops_the_flag(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| I         | 2024-01-01 | egfr        | 60    |
| I         | 2024-12-01 | egfr        | 50    |
| K         | 2024-01-01 | egfr        | 55    |
| K         | 2024-06-01 | egfr        | 50    |
| K         | 2023-01-01 | dx:ckd      |       |
""",
    )
    assert found(lake) == {}


def test_the_dead_are_not_flagged(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| Y         | 2024-05-05 | pulse       |       |
| Z         | 2024-05-05 | pulse       |       |
| W         | 2024-05-05 | pulse       |       |
""",
        person="""
| nhs_number | date_of_death |
| Z          | 2024-12-01    |
| W          | 2025-04-01    |
| Y          | 2025-03-31    |
""",
    )
    # died before or on the date: left out; died after it: still flagged
    assert found(lake) == {("W", "af"): "irregular pulse recorded"}


def test_each_person_and_condition_once_ordered_by_condition_then_person(engine, load):
    lake = lake_of(
        engine,
        load,
        """
| person_id | event_date | snomed_code | value |
| B         | 2024-05-05 | pulse       |       |
| B         | 2024-06-05 | pulse       |       |
| A         | 2024-05-05 | pulse       |       |
| A         | 2024-09-01 | hba1c       | 70    |
""",
    )
    rows = casefinding.find_cases(lake, AS_OF).to_pyarrow().to_pylist()
    assert [(r["condition"], r["person_id"], str(r["latest"])) for r in rows] == [
        ("af", "A", "2024-05-05"),
        ("af", "B", "2024-06-05"),
        ("diabetes", "A", "2024-09-01"),
    ]


EVIDENCE_GP = """
| person_id | event_date | snomed_code | value | source |
| A         | 2024-01-01 | sys         | 150   | Y00001 |
| A         | 2024-01-01 | dia         | 85    | Y00001 |
| A         | 2024-06-01 | sys         | 132   | Y00002 |
| A         | 2024-06-01 | dia         | 92    | Y00002 |
| A         | 2024-08-01 | sys         | 120   | Y00002 |
| A         | 2024-08-01 | dia         | 70    | Y00002 |
| G         | 2024-01-01 | hba1c       | 44    | Y00001 |
| G         | 2024-09-01 | hba1c       | 48    | Y00001 |
| I         | 2024-01-01 | egfr        | 55    | Y00001 |
| I         | 2024-02-01 | egfr        | 75    | Y00001 |
| I         | 2024-03-31 | egfr        | 50    | Y00001 |
| C         | 2024-01-01 | sys         | 150   | Y00001 |
"""
EVIDENCE_APC = """
| person_id | admission_date | primary_diagnosis | secondary_diagnoses | source |
| N         | 2024-02-02     | I48.9             |                     | RX1    |
| N         | 2024-03-03     | J18.9             | I48.0               | RX2    |
"""


def _evidence(lake) -> dict:
    flagged = casefinding.find_cases(lake, AS_OF)
    out: dict = {}
    for r in casefinding.evidence(lake, AS_OF, flagged).to_pyarrow().to_pylist():
        out.setdefault((r["person_id"], r["condition"]), []).append(r)
    return out


def _shown(rows) -> list[tuple]:
    return [(str(r["event_date"]), r["value"], r["value2"], r["source"]) for r in rows]


def test_evidence_is_every_reading_behind_each_flag_newest_first_with_its_source(engine, load):
    out = _evidence(lake_of(engine, load, EVIDENCE_GP, EVIDENCE_APC))
    assert set(out) == {("A", "hypertension"), ("G", "diabetes"), ("I", "ckd"), ("N", "af")}
    # raised readings only; every HbA1c; eGFR readings below 60
    assert _shown(out[("A", "hypertension")]) == [
        ("2024-06-01", 132.0, 92.0, "Y00002"),
        ("2024-01-01", 150.0, 85.0, "Y00001"),
    ]
    assert {r["measure"] for r in out[("A", "hypertension")]} == {"blood_pressure"}
    assert _shown(out[("G", "diabetes")]) == [
        ("2024-09-01", 48.0, None, "Y00001"),
        ("2024-01-01", 44.0, None, "Y00001"),
    ]
    assert [r["value"] for r in out[("I", "ckd")]] == [50.0, 55.0]


def test_evidence_of_af_in_hospital_gives_the_position_of_the_diagnosis(engine, load):
    out = _evidence(lake_of(engine, load, EVIDENCE_GP, EVIDENCE_APC))
    assert [(r["measure"], r["position"], r["source"], r["value"]) for r in out[("N", "af")]] == [
        ("hospital_diagnosis", "secondary", "RX2", None),
        ("hospital_diagnosis", "primary", "RX1", None),
    ]
    lake = lake_of(engine, load, EVIDENCE_GP, EVIDENCE_APC)
    assert tuple(
        casefinding.evidence(lake, AS_OF, casefinding.find_cases(lake, AS_OF)).columns
    ) == (casefinding.EVIDENCE_COLUMNS)


def test_expected_cases_by_age_and_sex_band(engine):
    _name, con = engine
    people = register(
        con,
        "_cf_expected",
        pa.table(
            {
                "area": ["X", "X", "X", "X", "X", "Y"],
                "age": [10, 20, 80, 80, 80, 50],
                "sex": ["F", "M", "M", "F", "I", "F"],
            }
        ),
    )
    rows = casefinding.expected(people, ["area"]).to_pyarrow().to_pylist()
    got = {(r["area"], r["condition"]): r["expected"] for r in rows}
    # hypertension: child 0, man 20-24 0.07, man 75+ 0.70, woman 75+ 0.69, sex unknown the mean
    assert got[("X", "hypertension")] == pytest.approx(0.07 + 0.70 + 0.69 + 0.695)
    assert got[("Y", "hypertension")] == pytest.approx(0.22)
    assert got[("X", "af")] == pytest.approx(0.0006 + 0.001 + 0.19 + 0.16 + 0.175)
