"""Bad CSV extracts are refused whole with every problem named; good ones load idempotently."""

import pytest

from engineroom.feeds.csvcheck import LoadError
from engineroom.feeds.loader import load_files
from engineroom.system.models import Footprint, Organisation, Person, Place, RoleAssignment
from factories.system import RegionFactory

AREAS = (
    "code,name,level,parent_code,population\n"
    "test-sys,Test System,system,test-region,600000\n"
    "test-place,Test Place,place,test-sys,300000\n"
    "test-hood,Test Hood,neighbourhood,test-place,40000\n"
)
ORGS = (
    "ods_code,name,kind,statutory,foundation_trust,cqc_rating,parent_ods_code\n"
    "U99001,Test PCN,pcn,no,no,,\n"
    "Z99001,Test Surgery,gp_practice,no,no,good,U99001\n"
    "RQ1,Test Acute,acute,yes,yes,good,\n"
)
FOOTPRINTS = (
    "ods_code,area_code,start_date,end_date,coverage\n"
    "RQ1,test-place,2020-04-01,,whole\n"
    "Z99001,test-hood,2020-04-01,,whole\n"
)


@pytest.fixture(autouse=True)
def region(db):
    return RegionFactory(code="test-region")


def extract(**overrides: str) -> dict[str, bytes]:
    files = {"areas.csv": AREAS, "organisations.csv": ORGS, "footprints.csv": FOOTPRINTS}
    files.update(overrides)
    return {name: text.encode() if isinstance(text, str) else text for name, text in files.items()}


def snapshot() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        Footprint.objects.count(),
        Place.objects.count(),
        Person.objects.count(),
        RoleAssignment.objects.count(),
    )


def refused(files: dict[str, bytes]) -> list[str]:
    before = snapshot()
    with pytest.raises(LoadError) as error:
        load_files(files)
    assert snapshot() == before, "a refused extract must load nothing"
    return [str(p) for p in error.value.problems]


def test_a_good_extract_loads_and_reloading_changes_nothing(db):
    assert load_files(extract()) == {"areas.csv": 3, "organisations.csv": 3, "footprints.csv": 2}
    practice = Organisation.objects.get(ods_code="Z99001")
    assert practice.parent.ods_code == "U99001"
    assert practice.footprints.get().neighbourhood.place.system.code == "test-sys"
    after_first = snapshot()
    load_files(extract())
    assert snapshot() == after_first


def test_wrong_columns_are_named(db):
    problems = refused(extract(**{"organisations.csv": "ods,name,kind\nRQ1,X,acute\n"}))
    assert "organisations.csv, row 1, ods_code: required column is missing" in problems
    assert any(p.startswith("organisations.csv, row 1, ods: unknown column") for p in problems)


def test_invalid_ods_codes_are_refused(db):
    bad = ORGS.replace("Z99001,Test Surgery", "Z9901,Test Surgery")
    problems = refused(extract(**{"organisations.csv": bad}))
    assert any(
        "row 3, ods_code: 'Z9901' does not match the ODS code pattern for: gp practice" in p
        for p in problems
    )


def test_unknown_parents_are_refused(db):
    bad_area = AREAS.replace("place,test-sys", "place,no-such-system")
    assert "areas.csv, row 3, parent_code: unknown parent 'no-such-system'" in refused(
        extract(**{"areas.csv": bad_area})
    )
    bad_org = ORGS.replace("good,U99001", "good,U00000")
    assert "organisations.csv, row 3, parent_ods_code: unknown parent organisation 'U00000'" in (
        refused(extract(**{"organisations.csv": bad_org}))
    )


def test_a_parent_at_the_wrong_level_is_refused(db):
    bad = AREAS.replace(
        "test-hood,Test Hood,neighbourhood,test-place", "test-hood,Test Hood,neighbourhood,test-sys"
    )
    assert any(
        "'test-sys' is a system; the parent of a neighbourhood must be a place" in p
        for p in refused(extract(**{"areas.csv": bad}))
    )


def test_cycles_in_the_organisation_tree_are_refused(db):
    cyclic = ORGS.replace("U99001,Test PCN,pcn,no,no,,", "U99001,Test PCN,pcn,no,no,,Z99001")
    problems = refused(extract(**{"organisations.csv": cyclic}))
    assert any("cycle" in p and "row 2" in p for p in problems)


def test_duplicate_codes_are_refused(db):
    dup = ORGS + "RQ1,Second Acute,acute,yes,no,good,\n"
    assert "organisations.csv, row 5, ods_code: duplicate 'RQ1' (first on row 4)" in refused(
        extract(**{"organisations.csv": dup})
    )


def test_dates_the_wrong_way_round_are_refused(db):
    bad = FOOTPRINTS.replace("RQ1,test-place,2020-04-01,,", "RQ1,test-place,2020-04-01,2019-03-31,")
    assert "footprints.csv, row 2, end_date: 2019-03-31 is before start_date 2020-04-01" in refused(
        extract(**{"footprints.csv": bad})
    )


def test_invalid_dates_are_refused(db):
    bad = FOOTPRINTS.replace("RQ1,test-place,2020-04-01", "RQ1,test-place,01/04/2020")
    assert "footprints.csv, row 2, start_date: '01/04/2020' is not a date (YYYY-MM-DD)" in refused(
        extract(**{"footprints.csv": bad})
    )


def test_non_utf8_bytes_are_refused(db):
    bad = ORGS.replace("Test Acute", "Test Acuté").encode("cp1252")
    problems = refused(extract(**{"organisations.csv": bad}))
    assert any(p.startswith("organisations.csv, row 4, (file): not UTF-8") for p in problems)


def test_every_problem_is_reported_at_once(db):
    bad_orgs = ORGS.replace("RQ1,Test Acute,acute", "rq1,Test Acute,hospital")
    bad_prints = FOOTPRINTS.replace("test-place", "nowhere")
    problems = refused(extract(**{"organisations.csv": bad_orgs, "footprints.csv": bad_prints}))
    assert len(problems) >= 3


def test_a_system_load_cannot_touch_another_system(system):
    with pytest.raises(LoadError) as error:
        load_files(extract(), within=system)
    problems = [str(p) for p in error.value.problems]
    assert any("'test-sys' is outside" in p for p in problems)


def test_a_role_without_a_person_must_be_a_vacancy(db):
    roles = (
        "role,person_ref,status,area_code,start_date\nics_chair,,substantive,test-sys,2024-01-01\n"
    )
    assert (
        "roles.csv, row 2, status: a role with no person must be vacant or recruiting"
        in refused(extract(**{"roles.csv": roles}))
    )
