"""NHS number rules against the uk-fci ``nhs-number`` behavioural vectors, case by case.

Every case in ``nhs_number_cases.json`` is a test. One difference is deliberate (and documented in
docs/population.md): ``0000000000`` passes the package's ``is_valid`` because the package checks
ranges only when asked for a region; we always apply the issued-range rule, so it is invalid.
"""

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from engineroom.population import nhs_number
from engineroom.population.csvfile import read_csv
from engineroom.population.sources import FEEDS
from engineroom.population.validate import validate

VECTORS = Path("/work/shared/external-fhir/uk-fci-nhs-number/nhs_number_cases.json")
DIFFERENCES = {("is_valid", "0000000000"): False}  # below every issued range: not a number
RANGE_NAMES = {"UNALLOCATED_1": "UNALLOCATED"}


def _cases() -> list:
    if not VECTORS.exists():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"{VECTORS} not present"))]
    data = json.loads(VECTORS.read_text())
    return [
        pytest.param(section, case, id=f"{section}-{case.get('input', case.get('identifier'))}")
        for section, cases in data.items()
        if not section.startswith("_")
        for case in cases
    ]


def _region(value: str) -> str | None:
    return nhs_number.regions(pa.array([nhs_number.standardise(value)])).to_pylist()[0]


def _range(name: str) -> tuple[int, int]:
    """Start and end of a named range in our table of published ranges."""
    starts = [start for start, _ in nhs_number.RANGES] + [10_000_000_000]
    region = RANGE_NAMES.get(name, name)
    i = next(i for i, (_, r) in enumerate(nhs_number.RANGES) if r == region)
    return starts[i], starts[i + 1] - 1


@pytest.mark.parametrize(("section", "case"), _cases())
def test_uk_fci_case(section, case):
    if section == "calculate_checksum":
        assert nhs_number.checksum(case["identifier"]) == case["checksum"]
    elif section in ("standardise", "standardise_from_int"):
        assert nhs_number.standardise(case["input"]) == case["output"]
    elif section == "is_valid":
        want = DIFFERENCES.get((section, case["input"]), case["valid"])
        assert nhs_number.valid_one(case["input"]) is want
        values = nhs_number.normalise(pa.array([case["input"]], pa.string()))
        assert nhs_number.is_valid(values).tolist() == [want]  # vectorised path agrees
    elif section == "is_valid_for_region":
        got = nhs_number.valid_one(case["input"]) and _region(case["input"]) == case["region"]
        assert got is case["valid"]
    elif section == "region_of":
        assert _region(case["number"]) == case["region"]
    elif section == "range_boundaries":
        assert _range(case["range"]) == (case["start"], case["end"])
    else:
        pytest.fail(f"a section of the vectors this test does not know: {section}")


def test_the_vectors_hold_the_33_published_cases():
    if not VECTORS.exists():
        pytest.skip(f"{VECTORS} not present")
    data = json.loads(VECTORS.read_text())
    counted = sum(len(v) for k, v in data.items() if k not in ("_about", "range_boundaries"))
    assert counted == 33


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0000000000", nhs_number.UNISSUED),
        ("5000000005", nhs_number.UNISSUED),  # reserved, never issued
        ("3113000009", nhs_number.UNISSUED),  # between Scotland and Northern Ireland
        ("0113011113", nhs_number.CHI_DATE),  # month 13
        ("2902010001", nhs_number.CHI_DATE),  # 29 February 2001
        ("2902000006", None),  # 29 February 2000 (a leap year)
        ("5000000004", nhs_number.MODULUS),  # a checksum failure is named first
        ("943 476 5919", None),
        ("943-476-5919", None),
        (" 9434765919\t", None),
        ("943476591", nhs_number.NOT_TEN),
        ("   ", nhs_number.MISSING),
    ],
)
def test_range_and_date_rules_name_the_problem_on_both_paths(value, reason):
    assert nhs_number.reason_one(value) == reason
    arr = nhs_number.normalise(pa.array([value], pa.string()))
    assert nhs_number.reason(arr) == [reason]
    assert nhs_number.valid_one(value) is (reason is None)


def test_the_999_range_is_test_data_on_both_paths():
    values = ["9990000018", "999 000 0018", "9434765919", "9990000010", None]
    assert nhs_number.is_test(nhs_number.normalise(pa.array(values, pa.string()))).tolist() == [
        True,
        True,
        False,
        False,  # fails Modulus 11: invalid, not test data
        False,
    ]
    assert nhs_number.is_test_one("999-000-0018") and nhs_number.valid_one("999-000-0018")


def _feed(kind: str, data: str):
    mapping = FEEDS[kind]
    return validate(read_csv(data.encode()), mapping, date(2025, 3, 31))


def test_a_csv_feed_flags_test_numbers_keeps_them_and_quarantines_unissued_ones():
    data = (
        "EVENT_ID,NHS_NUMBER,EVENT_DATE,SNOMED_CODE,VALUE,UNIT\n"
        "E1,999 000 0018,2024-01-01,38341003,,\n"
        "E2,5000000005,2024-01-01,38341003,,\n"
        "E3,943-476-5919,2024-01-01,38341003,,\n"
    )
    columns, keep, issues = _feed("gp_events", data)
    assert keep.tolist() == [True, False, True]
    assert columns["nhs_number"].to_pylist() == ["9990000018", None, "9434765919"]
    found = issues.table().to_pylist()
    assert [(i["row_number"], i["field"], i["severity"], i["reason"]) for i in found] == [
        (2, "NHS_NUMBER", "quarantined", nhs_number.UNISSUED),
        (1, "NHS_NUMBER", "flagged", nhs_number.TEST_DATA),
    ]


def test_a_feed_with_demographics_flags_an_unissued_number_and_keeps_the_row():
    data = (
        "EC_ATTENDANCE_ID,NHS_NUMBER,PERSON_BIRTH_DATE,PERSON_STATED_GENDER_CODE,"
        "POSTCODE_DISTRICT,LSOA_OF_RESIDENCE,ARRIVAL_DATE,EC_CHIEF_COMPLAINT_SNOMED_CT,"
        "DECISION_TO_ADMIT\n"
        "A1,0113011113,1950-01-01,1,XX1,E01900000,2024-01-01,,Y\n"
    )
    columns, keep, issues = _feed("ecds", data)
    assert keep.tolist() == [True]
    assert columns["nhs_number"].to_pylist() == [None]
    assert columns["nhs_number_issue"].to_pylist() == [nhs_number.CHI_DATE]
    assert issues.table()["severity"].to_pylist() == ["flagged"]
