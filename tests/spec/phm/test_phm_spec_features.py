"""PHM person features as of a date, as user stories, identical on DuckDB and PySpark.

Every table is the linked lake's (``person`` is the person index, events carry ``person_id``).
The date is 2025-03-31 and the look-back a year unless a case says otherwise: the activity
window is ``2024-03-31 < date <= 2025-03-31``.
"""

from datetime import date

import pyarrow as pa
import pytest

from engineroom.population.phm import features, lakeviews
from engineroom.population.phm.codes import CONDITIONS

AS_OF = date(2025, 3, 31)
LINKED = {"person_id": pa.string()}
ONE = """
| nhs_number | birth_date | registered_practice | lsoa      | deprivation_decile |
| 9000000001 | 1960-06-15 | Y90001              | E01900001 | 4                  |
"""


def lake_of(engine, load, person=ONE, **events):
    """A linked lake over pipe tables: ``person`` plus event tables by view name (``apc`` ...)."""
    _name, con = engine
    tables = {"person": load(person, "person")}
    for view, text in events.items():
        tables[view] = load(text, lakeviews.VIEWS[view], LINKED)
    return lakeviews.LinkedLake.over(con, tables)


def rows(expr, key="person_id") -> dict:
    return {r[key]: r for r in expr.to_pyarrow().to_pylist()}


def feature(lake, column, as_of=AS_OF, **kw) -> dict:
    return {k: r[column] for k, r in rows(features.person_features(lake, as_of, **kw)).items()}


def test_one_row_per_person_alive_on_the_date(engine, load):
    person = """
| nhs_number | birth_date | date_of_death | registered_practice |
| 9000000001 | 1950-01-01 |               | Y90001              |
| 9000000002 | 1950-01-01 | 2025-03-30    | Y90001              |
| 9000000003 | 1950-01-01 | 2025-03-31    | Y90001              |
| 9000000004 | 1950-01-01 | 2025-04-01    | Y90001              |
| 9000000005 | 2025-03-31 |               | Y90002              |
| 9000000006 | 2025-04-01 |               | Y90002              |
"""
    lake = lake_of(engine, load, person)
    out = rows(features.person_features(lake, AS_OF))
    # died before or on the date, or not yet born: left out; died after the date: still here
    assert sorted(out) == ["9000000001", "9000000004", "9000000005"]
    assert out["9000000005"]["practice"] == "Y90002" and out["9000000005"]["age"] == 0
    assert list(features.person_features(lake, AS_OF).columns) == list(features.COLUMNS)


def test_events_of_people_not_in_the_index_and_unlinked_rows_are_ignored(engine, load):
    apc = """
| record_id | person_id  | admission_date | admission_method |
| a         | 9000000001 | 2025-01-01     | emergency        |
| b         | 9000000099 | 2025-01-01     | emergency        |
| c         |            | 2025-01-01     | emergency        |
"""
    lake = lake_of(engine, load, apc=apc)
    assert feature(lake, "emergency_admissions") == {"9000000001": 1}
    # the outcome is per linked person; it is matched to people by the caller
    assert sorted(rows(features.emergency_outcome(lake, date(2024, 12, 31)))) == [
        "9000000001",
        "9000000099",
    ]


AGES = """
| nhs_number | birth_date |
| 9000000001 | 2025-03-31 |
| 9000000002 | 2024-03-31 |
| 9000000003 | 2024-03-30 |
| 9000000004 | 2007-04-01 |
| 9000000005 | 2007-03-31 |
| 9000000006 | 1985-04-01 |
| 9000000007 | 1985-03-31 |
| 9000000008 | 1965-04-01 |
| 9000000009 | 1965-03-31 |
| 9000000010 | 1950-04-01 |
| 9000000011 | 1950-03-31 |
| 9000000012 | 1920-01-01 |
"""


def test_age_is_whole_years_of_365_25_days_and_banded(engine, load):
    out = rows(features.person_features(lake_of(engine, load, AGES), AS_OF))
    got = [(out[k]["age"], out[k]["age_band"]) for k in sorted(out)]
    assert got == [
        (0, "0-17"),
        (0, "0-17"),  # 365 days after a leap day is not yet 365.25
        (1, "0-17"),
        (17, "0-17"),
        (18, "18-39"),
        (39, "18-39"),
        (40, "40-59"),
        (59, "40-59"),
        (60, "60-74"),
        (74, "60-74"),
        (75, "75+"),
        (105, "75+"),
    ]


def test_deprivation_quintile_and_core20(engine, load):
    person = """
| nhs_number | birth_date | deprivation_decile |
| 9000000001 | 1960-01-01 | 1                  |
| 9000000002 | 1960-01-01 | 2                  |
| 9000000003 | 1960-01-01 | 3                  |
| 9000000004 | 1960-01-01 | 9                  |
| 9000000005 | 1960-01-01 | 10                 |
| 9000000006 | 1960-01-01 |                    |
"""
    out = rows(features.person_features(lake_of(engine, load, person), AS_OF))
    got = [
        (out[k]["deprivation_decile"], out[k]["quintile"], out[k]["core20"]) for k in sorted(out)
    ]
    assert got == [
        (1, 1, True),
        (2, 1, True),
        (3, 2, False),
        (9, 5, False),
        (10, 5, False),
        (None, None, False),
    ]


def test_conditions_are_ever_coded_by_the_date(engine, load):
    gp = """
| record_id | person_id  | event_date | snomed_code |
| 1         | 9000000001 | 1990-01-01 | 38341003    |
| 2         | 9000000001 | 2025-03-31 | 44054006    |
| 3         | 9000000001 | 2025-04-01 | 13645005    |
| 4         | 9000000001 | 2025-01-01 | 999999999   |
"""
    out = rows(features.person_features(lake_of(engine, load, gp_event=gp), AS_OF))["9000000001"]
    coded = {c for c in CONDITIONS if out[c]}
    # hypertension long ago and diabetes on the date count; COPD the day after does not
    assert coded == {"hypertension", "diabetes"}


def test_everyone_without_records_has_zero_counts_and_no_flags(engine, load):
    out = rows(features.person_features(lake_of(engine, load), AS_OF))["9000000001"]
    assert not any(out[c] for c in CONDITIONS)
    assert [out[a] for a in features.ACTIVITY] == [0] * len(features.ACTIVITY)
    assert (out["efi_coded"], out["medicines"], out["care_home"], out["social_care"]) == (
        0,
        0,
        False,
        False,
    )
    assert (out["practice"], out["lsoa"], out["quintile"], out["core20"]) == (
        "Y90001",
        "E01900001",
        2,
        False,
    )


def test_efi_deficits_are_distinct_and_include_conditions(engine, load):
    gp = """
| record_id | person_id  | event_date | snomed_code |
| 1         | 9000000001 | 2020-01-01 | 161898004   |
| 2         | 9000000001 | 2021-01-01 | 161898004   |
| 3         | 9000000001 | 2022-01-01 | 3723001     |
| 4         | 9000000001 | 2023-01-01 | 38341003    |
| 5         | 9000000001 | 2024-01-01 | 52448006    |
| 6         | 9000000001 | 2025-04-01 | 404640003   |
"""
    # falls (twice), arthritis, hypertension and dementia (both eFI deficits); dizziness too late
    assert feature(lake_of(engine, load, gp_event=gp), "efi_coded") == {"9000000001": 4}


def _window_rows(date_column: str, extra: str = "", value: str = "") -> str:
    """Five rows around the window edges: only 2024-04-01 and 2025-03-31 fall inside."""
    dates = ("2024-03-30", "2024-03-31", "2024-04-01", "2025-03-31", "2025-04-01")
    head = f"| record_id | person_id  | {date_column} |{extra}\n"
    return head + "".join(f"| r{i} | 9000000001 | {d} |{value}\n" for i, d in enumerate(dates))


@pytest.mark.parametrize(
    ("view", "column", "date_column", "extra", "value"),
    [
        ("apc", "emergency_admissions", "admission_date", " admission_method |", " emergency |"),
        ("apc", "elective_admissions", "admission_date", " admission_method |", " elective |"),
        ("apc", "maternity_admissions", "admission_date", " admission_method |", " maternity |"),
        ("ae", "ae_attendances", "arrival_date", "", ""),
        ("op", "outpatient_attendances", "appointment_date", " attended |", " T |"),
        ("community", "community_contacts", "contact_date", "", ""),
        ("mh", "mh_contacts", "contact_date", "", ""),
    ],
)
def test_activity_counts_the_year_after_start_up_to_and_including_the_date(
    engine, load, view, column, date_column, extra, value
):
    lake = lake_of(engine, load, **{view: _window_rows(date_column, extra, value)})
    out = rows(features.person_features(lake, AS_OF))["9000000001"]
    assert out[column] == 2
    assert sum(out[a] for a in features.ACTIVITY if a != "emergency_bed_days") == 2


def test_admission_methods_count_apart_and_other_is_not_counted(engine, load):
    apc = """
| record_id | person_id  | admission_date | admission_method |
| 1         | 9000000001 | 2025-01-01     | emergency        |
| 2         | 9000000001 | 2025-01-02     | emergency        |
| 3         | 9000000001 | 2025-01-03     | elective         |
| 4         | 9000000001 | 2025-01-04     | other            |
| 5         | 9000000001 | 2025-01-05     | maternity        |
"""
    out = rows(features.person_features(lake_of(engine, load, apc=apc), AS_OF))["9000000001"]
    got = [out[c] for c in ("emergency_admissions", "elective_admissions", "maternity_admissions")]
    assert got == [2, 1, 1]


def test_outpatient_appointments_not_attended_do_not_count(engine, load):
    op = """
| record_id | person_id  | appointment_date | attended |
| 1         | 9000000001 | 2025-01-01       | T        |
| 2         | 9000000001 | 2025-01-02       | F        |
| 3         | 9000000001 | 2025-01-03       |          |
"""
    assert feature(lake_of(engine, load, op=op), "outpatient_attendances") == {"9000000001": 1}


def test_medicines_are_distinct_codes_issued_in_the_window(engine, load):
    medication = """
| record_id | person_id  | issue_date | dmd_code |
| 1         | 9000000001 | 2024-03-31 | 111      |
| 2         | 9000000001 | 2024-04-01 | 222      |
| 3         | 9000000001 | 2024-09-01 | 222      |
| 4         | 9000000001 | 2025-03-31 | 333      |
| 5         | 9000000001 | 2025-04-01 | 444      |
"""
    assert feature(lake_of(engine, load, medication=medication), "medicines") == {"9000000001": 2}


def test_emergency_bed_days_up_to_the_date(engine, load):
    apc = """
| record_id | person_id  | admission_date | discharge_date | admission_method |
| 1         | 9000000001 | 2025-01-01     | 2025-01-05     | emergency        |
| 2         | 9000000001 | 2025-02-01     | 2025-02-01     | emergency        |
| 3         | 9000000001 | 2025-03-29     |                | emergency        |
| 4         | 9000000001 | 2025-03-30     | 2025-04-10     | emergency        |
| 5         | 9000000001 | 2025-02-10     | 2025-02-20     | elective         |
| 6         | 9000000001 | 2024-03-20     | 2024-04-10     | emergency        |
| 7         | 9000000002 | 2025-03-01     | 2025-02-01     | emergency        |
"""
    person = ONE + "| 9000000002 | 1970-01-01 | Y90001 | E01900001 | 4 |\n"
    lake = lake_of(engine, load, person, apc=apc)
    # 4 + 0 + 2 (still in) + 1 (capped at the date); elective and the spell begun before the
    # window not counted; a discharge recorded before admission counts as none
    assert feature(lake, "emergency_bed_days") == {"9000000001": 7, "9000000002": 0}


def test_lookback_sets_the_activity_window(engine, load):
    ae = """
| record_id | person_id  | arrival_date |
| 1         | 9000000001 | 2025-03-01   |
| 2         | 9000000001 | 2025-03-02   |
| 3         | 9000000001 | 2025-03-31   |
"""
    lake = lake_of(engine, load, ae=ae)
    assert feature(lake, "ae_attendances", lookback=30) == {"9000000001": 2}
    assert feature(lake, "ae_attendances", as_of=date(2025, 3, 2), lookback=1) == {"9000000001": 1}


CARE = """
| nhs_number | birth_date |
| 9000000001 | 1930-01-01 |
| 9000000002 | 1930-01-01 |
| 9000000003 | 1930-01-01 |
| 9000000004 | 1930-01-01 |
| 9000000005 | 1930-01-01 |
| 9000000006 | 1930-01-01 |
"""


def test_care_home_resident_on_the_date(engine, load):
    care_home = """
| record_id | person_id  | start_date | end_date   |
| 1         | 9000000001 | 2025-03-31 |            |
| 2         | 9000000002 | 2020-01-01 | 2025-03-31 |
| 3         | 9000000003 | 2020-01-01 | 2025-04-01 |
| 4         | 9000000004 | 2025-04-01 |            |
| 5         | 9000000005 | 2010-01-01 | 2015-01-01 |
| 6         | 9000000005 | 2019-01-01 |            |
"""
    out = feature(lake_of(engine, load, CARE, care_home=care_home), "care_home")
    assert sorted(k for k, v in out.items() if v) == ["9000000001", "9000000003", "9000000005"]


def test_social_care_overlapping_the_window(engine, load):
    social_care = """
| record_id | person_id  | start_date | end_date   |
| 1         | 9000000001 | 2020-01-01 | 2024-03-31 |
| 2         | 9000000002 | 2020-01-01 | 2024-04-01 |
| 3         | 9000000003 | 2025-03-31 |            |
| 4         | 9000000004 | 2025-04-01 |            |
| 5         | 9000000005 | 2010-01-01 |            |
"""
    out = feature(lake_of(engine, load, CARE, social_care=social_care), "social_care")
    # ended on the window's first (excluded) day: no; any day inside: yes; starts later: no
    assert sorted(k for k, v in out.items() if v) == ["9000000002", "9000000003", "9000000005"]


def test_emergency_outcome_counts_the_days_after_the_date(engine, load):
    apc = """
| record_id | person_id  | admission_date | admission_method |
| 1         | 9000000001 | 2025-03-31     | emergency        |
| 2         | 9000000001 | 2025-04-01     | emergency        |
| 3         | 9000000001 | 2026-03-31     | emergency        |
| 4         | 9000000001 | 2026-04-01     | emergency        |
| 5         | 9000000001 | 2025-06-01     | elective         |
| 6         | 9000000002 | 2025-05-01     | emergency        |
"""
    lake = lake_of(engine, load, apc=apc)
    n = {k: r["n"] for k, r in rows(features.emergency_outcome(lake, AS_OF)).items()}
    assert n == {"9000000001": 2, "9000000002": 1}
    n30 = {k: r["n"] for k, r in rows(features.emergency_outcome(lake, AS_OF, days=31)).items()}
    assert n30 == {"9000000001": 1, "9000000002": 1}


def test_data_end_is_the_latest_gp_event(engine, load):
    gp = """
| record_id | person_id  | event_date |
| 1         | 9000000001 | 2025-02-01 |
| 2         | 9000000001 | 2025-03-31 |
| 3         |            | 2025-06-30 |
"""
    assert lakeviews.data_end(lake_of(engine, load, gp_event=gp)) == AS_OF
    with pytest.raises(lakeviews.NoLinkedData):
        lakeviews.data_end(lake_of(engine, load))
