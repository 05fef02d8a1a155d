"""Case-finding rules on a hand-built record (DuckDB in memory, no files); every rule and edge on
both engines is in tests/spec/phm/test_phm_spec_casefinding.py."""

from datetime import date

import pandas as pd
import pyarrow as pa
import pytest

from engineroom.population.engine import connect, register
from engineroom.population.phm import casefinding
from engineroom.population.phm.lakeviews import LinkedLake

SYS, DIA, HBA1C, EGFR, PULSE = (
    "271649006",
    "271650006",
    "1049301000000100",
    "1011481000000105",
    "361137007",
)
HTN, AF, DM, CKD = "38341003", "49436004", "44054006", "709044004"
AS_OF = date(2025, 3, 31)


def bp(person, day, s, d):
    return [(person, day, SYS, s), (person, day, DIA, d)]


@pytest.fixture
def con():
    events = [
        # two raised: flagged
        *bp("A", "2024-01-01", 150, 85),
        *bp("A", "2024-06-01", 132, 92),
        # raised twice but diagnosed
        *bp("B", "2024-01-01", 150, 95),
        *bp("B", "2024-06-01", 150, 95),
        ("B", "2020-01-01", HTN, None),
        # only one raised
        *bp("C", "2024-01-01", 150, 95),
        *bp("C", "2024-06-01", 130, 80),
        # just under
        *bp("D", "2024-01-01", 139, 89),
        *bp("D", "2024-06-01", 139, 89),
        # the second is after as_of
        *bp("E", "2025-01-01", 150, 95),
        *bp("E", "2025-06-01", 150, 95),
        # the latest HbA1c is under 48
        ("F", "2024-01-01", HBA1C, 50.0),
        ("F", "2024-09-01", HBA1C, 47.0),
        # flagged
        ("G", "2024-09-01", HBA1C, 48.0),
        # diagnosed
        ("H", "2024-09-01", HBA1C, 60.0),
        ("H", "2019-09-01", DM, None),
        # eGFR under 60 exactly 90 days apart: flagged
        ("I", "2024-01-01", EGFR, 55.0),
        ("I", "2024-03-31", EGFR, 50.0),
        # 89 days apart
        ("J", "2024-01-01", EGFR, 55.0),
        ("J", "2024-03-30", EGFR, 50.0),
        # diagnosed
        ("K", "2024-01-01", EGFR, 55.0),
        ("K", "2024-06-01", EGFR, 50.0),
        ("K", "2023-01-01", CKD, None),
        # irregular pulse, no AF: flagged
        ("L", "2024-05-05", PULSE, None),
        # irregular pulse, AF coded
        ("M", "2024-05-05", PULSE, None),
        ("M", "2022-01-01", AF, None),
        # died before as_of
        *bp("Z", "2024-01-01", 180, 110),
        *bp("Z", "2024-02-01", 180, 110),
    ]
    gp = pd.DataFrame(events, columns=["person_id", "event_date", "snomed_code", "value"])
    gp["event_date"] = pd.to_datetime(gp["event_date"]).dt.date
    gp["source"] = ["Y00002" if day == "2024-06-01" else "Y00001" for day in events_days(events)]
    people = sorted(set(gp["person_id"]) | {"N"})
    person = pd.DataFrame(
        {
            "nhs_number": people,
            "date_of_death": [date(2024, 12, 1) if p == "Z" else None for p in people],
        }
    )
    apc = pd.DataFrame(
        {
            "person_id": ["N"],
            "admission_date": [date(2024, 2, 2)],
            "primary_diagnosis": ["I48.9"],
            "secondary_diagnoses": [""],
            "source": ["RX1"],
        }
    )
    c = connect("duckdb")
    tables = {
        name: register(c, name, pa.Table.from_pandas(frame, preserve_index=False))
        for name, frame in {"gp_event": gp, "person": person, "apc": apc}.items()
    }
    return LinkedLake.over(c, tables)


def find_cases(lake, as_of) -> pd.DataFrame:
    return casefinding.find_cases(lake, as_of).to_pyarrow().to_pandas()


def evidence(lake, as_of, flagged: pd.DataFrame) -> pd.DataFrame:
    flags = register(lake.con, "flagged", pa.Table.from_pandas(flagged, preserve_index=False))
    return casefinding.evidence(lake, as_of, flags).to_pyarrow().to_pandas()


def test_each_rule_flags_exactly_the_right_people(con):
    found = find_cases(con, AS_OF)
    by = {
        c: sorted(found.loc[found["condition"] == c, "person_id"])
        for c in found["condition"].unique()
    }
    assert by == {"hypertension": ["A"], "diabetes": ["G"], "ckd": ["I"], "af": ["L", "N"]}
    evidence = found.set_index(["person_id", "condition"])["evidence"]
    assert (
        evidence[("A", "hypertension")]
        == "2 raised readings, highest 150/92 mmHg, latest 2024-06-01"
    )
    assert "HbA1c 48" in evidence[("G", "diabetes")]
    assert "hospital" in evidence[("N", "af")]


def events_days(events) -> list[str]:
    return [event[1] for event in events]


def test_the_evidence_is_every_reading_behind_each_flag_with_its_date_and_source(con):
    found = evidence(con, AS_OF, find_cases(con, AS_OF))
    rows: dict[tuple, list] = {}
    for r in found.itertuples():
        rows.setdefault((r.person_id, r.condition), []).append(r)
    assert set(rows) == {  # only the flagged people and conditions
        ("A", "hypertension"),
        ("G", "diabetes"),
        ("I", "ckd"),
        ("L", "af"),
        ("N", "af"),
    }
    a = rows[("A", "hypertension")]  # both raised readings, newest first, from where they were
    assert [(str(r.event_date), r.value, r.value2, r.source) for r in a] == [
        ("2024-06-01", 132.0, 92.0, "Y00002"),
        ("2024-01-01", 150.0, 85.0, "Y00001"),
    ]
    assert {r.measure for r in a} == {"blood_pressure"}
    assert [(r.measure, r.value) for r in rows[("G", "diabetes")]] == [("hba1c", 48.0)]
    assert [r.value for r in rows[("I", "ckd")]] == [50.0, 55.0]
    assert [r.measure for r in rows[("L", "af")]] == ["irregular_pulse"]
    (n,) = rows[("N", "af")]
    assert (n.measure, n.position, n.source) == ("hospital_diagnosis", "primary", "RX1")


def test_expected_prevalence_by_age_and_sex():
    c = connect("duckdb")
    people = register(
        c,
        "people",
        pa.table({"age": [10, 20, 80, 80], "sex": ["F", "M", "M", "F"], "g": list("abcd")}),
    )
    rows = casefinding.expected(people, ["g"]).to_pyarrow().to_pylist()
    rates = {r["g"]: r["expected"] for r in rows if r["condition"] == "hypertension"}
    assert rates == {"b": 0.07, "c": 0.70, "d": 0.69}  # a child has no expected hypertension
