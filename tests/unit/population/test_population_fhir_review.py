"""FHIR ingest review fixes: NHS numbers normalised and judged as on the CSV path (tab, NBSP,
the 999 test range, the reason), Encounters mapped only when community contacts, the date of
death checked, a delivery folder's manifest mismatch noted on every file, Patients cached cut."""

import json
from datetime import date

import numpy as np
import pyarrow as pa

from engineroom.population import nhs_number
from engineroom.population.fhir import bulk, check, load, mapping
from engineroom.population.sources import FeedName
from engineroom.population.sources.fhir import NHS_SYSTEM

NUMBER = "9434765919"
SPACED = " 943\u00a0476\t5919 "
TEST_NUMBER = str(
    next(n for n in nhs_number.make_valid(np.arange(999_000_000, 999_000_020)) if n > 0)
)
NAME = FeedName("fhir", "X26", date(2025, 3, 31), "ndjson")


def _patient(pid, number, **more):
    ident = [{"system": NHS_SYSTEM, "value": number}]
    return {
        "resourceType": "Patient",
        "id": pid,
        "identifier": ident,
        "birthDate": "1950-01-01",
    } | more


def _ndjson(*resources) -> bytes:
    return b"\n".join(json.dumps(r).encode() for r in resources)


def test_arrow_and_str_normalise_strip_tab_and_nbsp_alike():
    values = [SPACED, "943-476-5919", "\t9434765919\u2003"]
    assert nhs_number.normalise(pa.array(values)).to_pylist() == [NUMBER] * 3
    assert [nhs_number.normalise(v) for v in values] == [NUMBER] * 3


def test_fhir_patient_number_with_tab_and_nbsp_is_stored_normalised():
    _, issues, rows, _ = load(_ndjson(_patient("p1", SPACED, gender="male")), NAME)
    assert issues.num_rows == 0 and rows == 1
    assert check.check(_patient("p1", SPACED)) is None
    assert mapping.read(_patient("p1", SPACED), mapping.MAPPINGS["Patient"])["nhs_number"] == NUMBER


def test_reference_identifier_is_normalised_and_judged_with_its_reason():
    obs = {"subject": {"identifier": {"system": NHS_SYSTEM, "value": SPACED}}}
    enc = mapping.MAPPINGS["Encounter"]
    assert mapping.subject(obs, enc, {}) == {"nhs_number": NUMBER}
    obs["subject"]["identifier"]["value"] = "5000000005"  # reserved range, Modulus 11 fine
    why = mapping.subject(obs, enc, {})["nhs_number_issue"]
    assert why == nhs_number.reason_one("5000000005") and why != nhs_number.MODULUS


def test_patient_number_reason_names_the_failure_not_always_modulus_11():
    field, reason = check.check(_patient("p1", "12345"))
    assert field == "Patient.identifier" and reason.startswith(nhs_number.NOT_TEN)


def test_valid_999_number_flagged_as_test_data_not_quarantined():
    assert nhs_number.is_test_one(TEST_NUMBER)
    tables, issues, _, _ = load(_ndjson(_patient("p1", TEST_NUMBER)), NAME)
    assert tables["fhir_resource"].num_rows == 1
    assert issues["severity"].to_pylist() == ["flagged"]
    assert issues["reason"].to_pylist() == [nhs_number.TEST_DATA]


def _encounter(eid, code, type_text=None):
    enc = {"resourceType": "Encounter", "id": eid, "status": "finished", "class": {"code": code}}
    enc |= {"subject": {"reference": "Patient/p1"}, "period": {"start": "2024-05-01"}}
    return enc | ({"type": [{"text": type_text}]} if type_text else {})


def test_only_community_encounters_become_community_contacts():
    data = _ndjson(
        _patient("p1", NUMBER),
        _encounter("e1", "HH"),
        _encounter("e2", "EMER"),
        _encounter("e3", "IMP"),
        _encounter("e4", "AMB", "Encounter for check up"),
        _encounter("e5", "AMB", "Community nursing visit"),
    )
    tables, _, rows, notes = load(data, NAME)
    assert tables["fhir_resource"].num_rows == rows == 6
    contacts = tables["community_contact"]["record_id"].to_pylist()
    assert contacts == ["Encounter:e1", "Encounter:e5"]
    assert any("3 not mapped to community_contact" in n and "class.code EMER 1" in n for n in notes)


def test_deceased_before_birth_or_after_extract_is_quarantined():
    for when, why in (("1940-01-01", "is before"), ("2030-01-01", "after the extract")):
        patient = _patient("p1", NUMBER, deceasedDateTime=when)
        assert why in mapping.check_dates(patient, date(2025, 3, 31))[1]


def test_manifest_mismatch_noted_on_every_member_and_cache_released(tmp_path):
    folder = tmp_path / "fhir__X26__20250331"
    folder.mkdir()
    (folder / "Patient.000.ndjson").write_bytes(
        _ndjson(_patient("p1", NUMBER, name=[{"family": "X"}]))
    )
    (folder / "Encounter.000.ndjson").write_bytes(_ndjson(_encounter("e1", "HH")))
    manifest = {
        "transactionTime": "2025-03-31T00:00:00Z",
        "output": [{"type": "Patient", "url": "https://x/Patient.000.ndjson", "count": 5}],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    name = FeedName("fhir", "X26", date(2025, 3, 31), "ndjson", str(folder))
    for member in ("Encounter.000.ndjson", "Patient.000.ndjson"):
        *_, notes = load((folder / member).read_bytes(), name)
        assert any(
            "manifest manifest.json does not match" in n and "manifest says 5" in n for n in notes
        )
        cached = [f.patients for f in bulk._current.values()]
        assert all("name" not in p for c in cached for p in c.values())
    assert bulk._current == {}  # both data files loaded: the folder's Patients forgotten


def test_a_resource_without_an_id_sent_twice_is_quarantined_once_kept_once():
    """The lake's record ids stay unique within a load (the linkage relies on it): without an
    id, the record key is the resource's content, so an exact repeat is a duplicate."""
    contact = _encounter("e1", "HH")
    del contact["id"]
    other = contact | {"period": {"start": "2024-06-01"}}
    tables, issues, rows, _notes = load(
        _ndjson(_patient("p1", NUMBER), contact, contact, other), NAME
    )
    assert rows == 4 and tables["fhir_resource"].num_rows == 3
    (problem,) = issues.to_pylist()
    assert problem["row_number"] == 3 and "(same type, no id" in problem["reason"]
    ids = tables["community_contact"]["record_id"].to_pylist()
    assert len(ids) == len(set(ids)) == 2
