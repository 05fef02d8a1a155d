"""The record builder on a hand-made linked version: each table's rows become the entries the
design names (kind, setting, words, sensitive category, status), newest first, with stable ids;
unlinked rows are counted and in nobody's record."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engineroom.population.record import ENTRY_KEYS, NoLinkedVersion, build, builder, codes

A, B = "9434765919", "9434765870"
D = dt.date


def _write(folder, name: str, **columns) -> None:
    pq.write_table(pa.table(columns), folder / f"{name}.parquet")


def _events(folder) -> None:
    _write(
        folder,
        "gp_event",
        person_id=[A, A, A, A, A, A, None],
        source=["Y90001"] * 7,
        record_id=["E1", "E2", "E3", "E4", "Condition:c1", "E6", "E7"],
        event_date=[D(2024, month, 1) for month in range(1, 8)],
        snomed_code=["91936005", "38341003", "271649006", "8098009", "999", "1", "2"],
        value=[None, None, 140.0, None, None, None, None],
        unit=[None, None, "mm[Hg]", None, None, None, None],
    )
    _write(
        folder,
        "apc_episode",
        person_id=[B],
        source=["RX1"],
        record_id=["S1"],
        admission_date=[D(2023, 5, 1)],
        discharge_date=pa.array([None], pa.date32()),
        admission_method=["emergency"],
        primary_diagnosis=["A54.0"],
        secondary_diagnoses=["I10.X;Q99.9"],
    )
    _write(
        folder,
        "outpatient",
        person_id=[B],
        source=["RX2"],
        record_id=["O1"],
        appointment_date=[D(2023, 6, 1)],
        treatment_function=["360"],
        attended=[False],
    )
    _write(
        folder,
        "care_home_residency",
        person_id=[B],
        source=["C1"],
        record_id=["H1"],
        start_date=[D(2022, 1, 1)],
        end_date=pa.array([None], pa.date32()),
        care_home=["1-123"],
        nursing=[True],
    )


@pytest.fixture
def var(tmp_path):
    linked = tmp_path / "lake" / "linked"
    folder = linked / "v1"
    folder.mkdir(parents=True)
    (linked / "CURRENT").write_text("v1")
    _write(
        folder,
        "person_index",
        nhs_number=[A, B, "9434765918"],
        family_name=["O'Brien", "Smith", None],
        given_name=["Ann", "Bo", None],
        birth_date=[D(1950, 1, 1), D(1990, 2, 2), None],
        sex=["F", "M", "U"],
        postcode_district=["XX1", "XX2", None],
        registered_practice=["Y90001", "Y90002", None],
        registration_date=[D(2000, 1, 1), D(2001, 1, 1), None],
        date_of_death=pa.array([None, None, None], pa.date32()),
    )
    _events(folder)
    return tmp_path


def _records(var) -> tuple[dict, dict]:
    with build(var, batch_rows=2) as built:
        rows = [r for batch in built.batches() for r in batch.to_pylist()]
        report = built.report
    return {r["nhs_number"]: r for r in rows}, report


def _entries(row) -> list[dict]:
    return json.loads(row["document"])["entries"]


def test_gp_events_take_their_kind_from_the_code_lists(var):
    people, _ = _records(var)
    by_code = {e["code"]: e for e in _entries(people[A])}
    assert by_code["91936005"]["kind"] == "allergy"
    assert by_code["91936005"]["display"] == "Allergy to penicillin"
    assert (by_code["38341003"]["kind"], by_code["38341003"]["status"]) == ("condition", "active")
    assert by_code["271649006"]["kind"] == "observation"
    assert by_code["271649006"]["value"] == 140.0
    assert by_code["8098009"]["sensitive"] == "sexual_health"
    assert by_code["999"]["kind"] == "condition"  # a FHIR Condition keeps its kind
    assert by_code["999"]["fhir_type"] == "Condition"
    assert by_code["999"]["display"] == "SNOMED CT 999"
    assert by_code["1"]["kind"] == "observation"
    assert "2" not in by_code  # unlinked: in nobody's record
    assert all(list(e) == list(ENTRY_KEYS) for e in by_code.values())


def test_entries_are_newest_first_with_stable_ids(var):
    people, _ = _records(var)
    entries = _entries(people[A])
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)
    key = "gp_event|Y90001|E1|0"
    expected = hashlib.sha1(key.encode()).hexdigest()[:16]
    assert expected in {e["id"] for e in entries}
    again, _ = _records(var)
    assert [e["id"] for e in _entries(again[A])] == [e["id"] for e in entries]


def test_a_spell_is_an_encounter_and_a_condition_per_diagnosis(var):
    people, report = _records(var)
    entries = _entries(people[B])
    spell = next(e for e in entries if e["setting"] == "inpatient" and e["kind"] == "encounter")
    assert (spell["status"], spell["detail"]) == ("in-progress", "emergency admission")
    assert spell["sensitive"] == "sexual_health"  # its primary diagnosis, A54 (gonococcal)
    diagnoses = [e for e in entries if e["kind"] == "condition"]
    assert {d["code"]: d["detail"] for d in diagnoses} == {
        "A54.0": "primary diagnosis",
        "I10.X": "secondary diagnosis",
        "Q99.9": "secondary diagnosis",
    }
    first = hashlib.sha1(b"apc_episode|RX1|S1|1").hexdigest()[:16]
    assert next(d for d in diagnoses if d["code"] == "A54.0")["id"] == first
    words = {d["code"]: d["display"] for d in diagnoses}
    assert words["I10.X"] == "Essential (primary) hypertension"
    assert words["Q99.9"].startswith("ICD-10 Q99.9 (Congenital malformations")
    assert report["entries_by_table"]["apc_episode"] == 4


def test_outpatient_care_home_and_the_report(var):
    people, report = _records(var)
    entries = _entries(people[B])
    clinic = next(e for e in entries if e["setting"] == "outpatient")
    assert (clinic["display"], clinic["detail"]) == ("Genitourinary medicine", "did not attend")
    assert clinic["sensitive"] == "sexual_health"
    alert = next(e for e in entries if e["kind"] == "alert")
    assert (alert["display"], alert["detail"]) == ("Lives in a care home", "nursing home")
    assert report["people"] == 3 and report["unlinked_by_table"]["gp_event"] == 1
    assert report["entries"] == 6 + 4 + 1 + 2
    assert report["extract_date"] == "2024-06-01"
    nobody = people["9434765918"]
    assert json.loads(nobody["document"]) == {"entries": []}
    assert (nobody["family_name"], nobody["birth_date"]) == ("", None)
    assert people[A]["family_name"] == "O'Brien"


def test_every_sensitive_category_has_codes_and_every_list_names_its_source():
    table = codes.table()
    assert set(filter(None, table.column("sensitive").to_pylist())) == set(codes.SENSITIVE)
    assert all(entry["source"] for entry in codes.index()["lists"])


def test_no_linked_version_is_a_clear_error(tmp_path):
    with pytest.raises(NoLinkedVersion, match="run the linkage first"), build(tmp_path):
        pass


def test_people_grouped_in_buckets_give_the_same_records(var, monkeypatch):
    whole, _ = _records(var)
    monkeypatch.setattr(builder, "BUCKET_ENTRIES", 2)  # a bucket for every two entries
    bucketed, _ = _records(var)
    assert bucketed == whole
