"""The electronic Frailty Index and Bridges to Health segments, identical on DuckDB and PySpark."""

from datetime import date

import pyarrow as pa
import pytest

from engineroom.population.phm import features, frailty, lakeviews, segments
from engineroom.population.phm.codes import CONDITIONS

COUNTS = {"efi_coded": pa.int64(), "medicines": pa.int64()}
FLAGS = {c: pa.bool_() for c in CONDITIONS}
SEGMENT_INPUT = FLAGS | {
    "age": pa.int32(),
    "efi": pa.float64(),
    "emergency_admissions": pa.int64(),
    "ae_attendances": pa.int64(),
    "maternity_admissions": pa.int64(),
}


def column(expr, name: str, key: str = "id") -> list:
    return [r[name] for r in sorted(expr.to_pyarrow().to_pylist(), key=lambda r: r[key])]


def test_efi_is_deficits_plus_polypharmacy_over_36(load):
    t = load(
        """
| id | efi_coded | medicines |
| a  | 0         | 0         |
| b  | 0         | 4         |
| c  | 0         | 5         |
| d  | 9         | 12        |
| e  | 35        | 5         |
""",
        "efi_input",
        {"id": pa.string()} | COUNTS,
    )
    scored = frailty.add_efi(t)
    assert column(scored, "efi") == pytest.approx([0, 0, 1 / 36, 10 / 36, 1.0])
    assert scored.efi.type().is_floating()
    assert column(scored, "efi_category") == ["fit", "fit", "fit", "moderate", "severe"]


def test_efi_categories_from_deficit_counts(load):
    t = load(
        """
| id | efi_coded | medicines |
| 00 | 0         | 0         |
| 04 | 4         | 0         |
| 05 | 5         | 0         |
| 08 | 8         | 0         |
| 09 | 9         | 0         |
| 12 | 12        | 0         |
| 13 | 12        | 5         |
| 35 | 35        | 0         |
""",
        "efi_input",
        {"id": pa.string()} | COUNTS,
    )
    assert column(frailty.add_efi(t), "efi_category") == [
        *("fit", "fit", "mild", "mild"),
        *("moderate", "moderate", "severe", "severe"),
    ]


def test_efi_cut_points_belong_to_the_lower_category(load):
    t = load(
        """
| id | efi    |
| 1  | 0.0    |
| 2  | 0.12   |
| 3  | 0.1201 |
| 4  | 0.24   |
| 5  | 0.2401 |
| 6  | 0.36   |
| 7  | 0.3601 |
| 8  | 1.0    |
""",
        "efi_scores",
        {"id": pa.string(), "efi": pa.float64()},
    )
    got = column(t.mutate(category=frailty.category(t.efi)), "category")
    assert got == ["fit", "fit", "mild", "mild", "moderate", "moderate", "severe", "severe"]


def test_efi_of_a_person_from_the_lake(engine, load):
    _name, con = engine
    linked = {"person_id": pa.string()}
    person = load("| nhs_number | birth_date |\n| 9000000001 | 1930-01-01 |", "person")
    gp_rows = "".join(
        f"| {i} | 9000000001 | 2020-01-01 | {code} |\n"
        for i, code in enumerate(("161898004", "3723001", "38341003", "52448006"))
    )
    gp = load(
        "| record_id | person_id | event_date | snomed_code |\n" + gp_rows, "gp_event", linked
    )
    meds = "".join(f"| {i} | 9000000001 | 2025-01-01 | {i} |\n" for i in range(5))
    medication = load(
        "| record_id | person_id | issue_date | dmd_code |\n" + meds, "medication", linked
    )
    tables = {"person": person, "gp_event": gp, "medication": medication}
    lake = lakeviews.LinkedLake.over(con, tables)
    (row,) = (
        frailty.add_efi(features.person_features(lake, date(2025, 3, 31))).to_pyarrow().to_pylist()
    )
    # four coded deficits and polypharmacy (five medicines): 5/36 = 0.139, mild
    assert (row["efi_coded"], row["medicines"], row["efi_category"]) == (4, 5, "mild")
    assert row["efi"] == pytest.approx(5 / 36)


def people(load, text: str):
    """Segment inputs: every condition false, age 40, no activity, unless a column says so."""
    lines = [ln.strip().strip("|") for ln in text.strip().splitlines()]
    given = [h.strip() for h in lines[0].split("|")]
    defaults = {c: "F" for c in CONDITIONS} | dict.fromkeys(SEGMENT_INPUT.keys() - FLAGS, "0")
    defaults["age"] = "40"
    rest = [c for c in defaults if c not in given]
    header = "| " + " | ".join(given + rest) + " |"
    rows = ["| " + ln + " | " + " | ".join(defaults[c] for c in rest) + " |" for ln in lines[1:]]
    return load("\n".join([header, *rows]), "segment_input", {"id": pa.string()} | SEGMENT_INPUT)


def test_each_segment_rule_on_its_own(load):
    t = people(
        load,
        """
| id | palliative_care | dementia | efi  | heart_failure | copd | ckd | learning_disability | smi | hypertension | age | maternity_admissions | ae_attendances | emergency_admissions |
| 01 | T               | F        | 0    | F             | F    | F   | F                   | F   | F            | 40  | 0                    | 0              | 0                    |
| 02 | F               | T        | 0    | F             | F    | F   | F                   | F   | F            | 40  | 0                    | 0              | 0                    |
| 03 | F               | F        | 0.25 | F             | F    | F   | F                   | F   | F            | 40  | 0                    | 0              | 0                    |
| 04 | F               | F        | 0    | T             | F    | F   | F                   | F   | F            | 40  | 0                    | 0              | 0                    |
| 05 | F               | F        | 0    | F             | T    | F   | F                   | F   | F            | 40  | 0                    | 0              | 0                    |
| 06 | F               | F        | 0    | F             | F    | T   | F                   | F   | F            | 40  | 0                    | 0              | 0                    |
| 07 | F               | F        | 0    | F             | F    | F   | T                   | F   | F            | 40  | 0                    | 0              | 0                    |
| 08 | F               | F        | 0    | F             | F    | F   | F                   | T   | F            | 40  | 0                    | 0              | 0                    |
| 09 | F               | F        | 0    | F             | F    | F   | F                   | F   | T            | 40  | 0                    | 0              | 0                    |
| 10 | F               | F        | 0    | F             | F    | F   | F                   | F   | F            | 0   | 0                    | 0              | 0                    |
| 11 | F               | F        | 0    | F             | F    | F   | F                   | F   | F            | 30  | 1                    | 0              | 0                    |
| 12 | F               | F        | 0    | F             | F    | F   | F                   | F   | F            | 40  | 0                    | 1              | 0                    |
| 13 | F               | F        | 0    | F             | F    | F   | F                   | F   | F            | 40  | 0                    | 0              | 1                    |
| 14 | F               | F        | 0    | F             | F    | F   | F                   | F   | F            | 40  | 0                    | 0              | 0                    |
""",
    )
    assert column(segments.assign(t), "segment") == [
        *("end_of_life", "frailty_dementia", "frailty_dementia"),
        *("organ_failure", "organ_failure", "organ_failure"),
        *("stable_disability", "stable_disability", "chronic_conditions"),
        *("maternal_infant", "maternal_infant", "acutely_ill", "acutely_ill", "healthy"),
    ]


@pytest.mark.parametrize(
    "condition", ["hypertension", "af", "diabetes", "asthma", "chd", "depression", "cancer"]
)
def test_each_chronic_condition_alone_is_chronic_conditions(load, condition):
    t = people(load, f"| id | {condition} |\n| 1 | T |")
    assert column(segments.assign(t), "segment") == ["chronic_conditions"]


def test_priority_order_decides_people_meeting_several_rules(load):
    t = people(
        load,
        """
| id | palliative_care | dementia | copd | smi | diabetes | asthma | cancer | emergency_admissions | age | efi  |
| 1  | T               | T        | T    | T   | T        | F      | F      | 3                    | 80  | 0.5  |
| 2  | F               | F        | F    | F   | F        | F      | T      | 2                    | 40  | 0    |
| 3  | F               | F        | F    | F   | F        | F      | T      | 1                    | 40  | 0    |
| 4  | F               | T        | T    | F   | F        | F      | F      | 0                    | 40  | 0    |
| 5  | F               | F        | T    | T   | F        | F      | F      | 0                    | 40  | 0    |
| 6  | F               | F        | F    | T   | F        | T      | F      | 0                    | 40  | 0    |
| 7  | F               | F        | F    | F   | F        | T      | F      | 1                    | 40  | 0    |
| 8  | F               | F        | F    | F   | F        | F      | F      | 1                    | 0   | 0    |
| 9  | F               | F        | T    | F   | F        | F      | F      | 0                    | 40  | 0.3  |
""",
    )
    assert column(segments.assign(t), "segment") == [
        *("end_of_life", "end_of_life", "chronic_conditions", "frailty_dementia"),
        *("organ_failure", "stable_disability", "chronic_conditions", "maternal_infant"),
        "frailty_dementia",
    ]


def test_frailty_segment_starts_above_0_24_and_infancy_below_1(load):
    t = people(
        load,
        """
| id | efi     | age |
| 1  | 0.24    | 40  |
| 2  | 0.2401  | 40  |
| 3  | 0.0     | 1   |
| 4  | 0.0     | 0   |
""",
    )
    assert column(segments.assign(t), "segment") == [
        *("healthy", "frailty_dementia", "healthy", "maternal_infant"),
    ]


def test_everyone_gets_exactly_one_known_segment_and_keeps_their_columns(load):
    t = people(load, "| id |\n| 1 |\n| 2 |")
    out = segments.assign(t)
    assert set(t.columns) < set(out.columns) and out.count().to_pyarrow().as_py() == 2
    assert set(column(out, "segment")) <= {key for key, _ in segments.SEGMENTS}
