"""A FHIR Bulk Data ``$export`` folder named as one feed: NDJSON per resource type, its manifest,
each file reconciled on its own, Patients shared across the files of the folder."""

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from engineroom.population.ingest import ingest_path
from engineroom.population.lake import Lake

SAMPLE = Path("/work/shared/external-fhir/smart-sample-bulk-fhir-datasets")
FOLDER = "fhir__SMART__20240806"
NHS = "https://fhir.nhs.uk/Id/nhs-number"
ODS = "https://fhir.nhs.uk/Id/ods-organization-code"


def _manifest(folder: Path, counts: dict[str, int]) -> None:
    output = [
        {"type": name.split(".")[0], "url": f"https://example.org/files/{name}", "count": n}
        for name, n in counts.items()
    ]
    manifest = {
        "transactionTime": "2024-08-06T18:12:57Z",
        "request": "https://example.org/fhir/Group/sample-10/$export",
        "requiresAccessToken": True,
        "output": output,
        "error": [],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _ndjson(folder: Path, name: str, resources: list[dict]) -> None:
    (folder / name).write_text("".join(json.dumps(r) + "\n" for r in resources))


def _by_name(reports: list[dict]) -> dict[str, dict]:
    return {r["file"].split("/", 1)[1]: r for r in reports}


@pytest.mark.skipif(not SAMPLE.exists(), reason="external FHIR samples not present")
def test_bulk_sample_folder_with_manifest_is_one_feed_reconciled_per_file(tmp_path):
    folder = tmp_path / "feeds" / FOLDER
    folder.mkdir(parents=True)
    for f in SAMPLE.glob("*.ndjson"):
        shutil.copy(f, folder / f.name)
    names = ("Patient.000.ndjson", "AllergyIntolerance.000.ndjson", "Immunization.000.ndjson")
    _manifest(
        folder,
        {
            "Patient.000.ndjson": 13,
            "AllergyIntolerance.000.ndjson": 11,
            "Immunization.000.ndjson": 161,
        },
    )
    var = tmp_path / "var"
    reports = _by_name(ingest_path(tmp_path / "feeds", var))
    assert set(reports) == {*names, "manifest.json", "log.ndjson"}
    for r in reports.values():
        assert r["status"] == "loaded" and (r["kind"], r["source"]) == ("fhir", "SMART")
        assert r["rows_in"] == r["accepted"] + r["quarantined"]
    assert [reports[n]["accepted"] for n in names] == [13, 11, 161]
    assert "3 files listed, all present" in reports["manifest.json"]["notes"][0]
    rerun = ingest_path(tmp_path / "feeds", var)
    assert {r["status"] for r in rerun} == {"already loaded"}


def test_bulk_manifest_that_does_not_match_the_folder_is_refused(tmp_path):
    folder = tmp_path / "feeds" / "fhir__RX1__20250331"
    folder.mkdir(parents=True)
    _ndjson(folder, "Patient.000.ndjson", [{"resourceType": "Patient", "id": "a"}])
    _manifest(folder, {"Patient.000.ndjson": 2, "Observation.000.ndjson": 5})
    reports = _by_name(ingest_path(tmp_path / "feeds", tmp_path / "var"))
    manifest = reports["manifest.json"]
    assert manifest["status"] == "quarantined"
    assert "Observation.000.ndjson is listed but not in the folder" in manifest["file_error"]
    assert "Patient.000.ndjson holds 1 resources, manifest says 2" in manifest["file_error"]
    assert reports["Patient.000.ndjson"]["accepted"] == 1  # the data itself still loads


def test_bulk_folder_resolves_patients_across_files_and_maps_each_type(tmp_path):
    folder = tmp_path / "feeds" / "fhir__RX1__20250331"
    folder.mkdir(parents=True)
    patient = {
        "resourceType": "Patient",
        "id": "p1",
        "identifier": [{"system": NHS, "value": "9434765919"}],
        "birthDate": "1950-02-03",
        "gender": "female",
        "address": [{"postalCode": "LS1 4AP"}],
        "generalPractitioner": [{"identifier": {"system": ODS, "value": "B86001"}}],
    }
    ref = {"reference": "Patient/p1"}
    snomed = {"coding": [{"system": "http://snomed.info/sct", "code": "44054006"}]}
    _ndjson(folder, "Patient.000.ndjson", [patient])
    _ndjson(
        folder,
        "Condition.000.ndjson",
        [
            {
                "resourceType": "Condition",
                "id": "c1",
                "subject": ref,
                "code": snomed,
                "onsetDateTime": "2020-05-01",
            },
            {
                "resourceType": "Condition",
                "id": "c2",
                "subject": ref,
                "code": snomed,
                "onsetDateTime": "2030-01-01",
            },
        ],
    )
    _ndjson(
        folder,
        "MedicationRequest.000.ndjson",
        [
            {
                "resourceType": "MedicationRequest",
                "id": "m1",
                "status": "active",
                "intent": "order",
                "subject": ref,
                "authoredOn": "2024-01-02",
                "medicationCodeableConcept": {
                    "coding": [{"system": "http://snomed.info/sct", "code": "322236009"}]
                },
                "dispenseRequest": {"quantity": {"value": 56}},
            },
        ],
    )
    var = tmp_path / "var"
    reports = _by_name(ingest_path(tmp_path / "feeds", var))
    lake = Lake(var)

    def table(name, t):
        rel = lake.manifest(reports[name]["load_id"])["outputs"][t]
        return pq.ParquetFile(lake.root / rel).read().to_pylist()

    (person,) = table("Patient.000.ndjson", "person")
    assert (person["nhs_number"], person["registered_practice"]) == ("9434765919", "B86001")
    cond = reports["Condition.000.ndjson"]
    assert (cond["rows_in"], cond["accepted"], cond["quarantined"]) == (2, 1, 1)
    assert any("after the extract date" in k for k in cond["reasons"])
    (event,) = table("Condition.000.ndjson", "gp_event")
    assert (event["nhs_number"], event["snomed_code"], event["sex"]) == (
        "9434765919",
        "44054006",
        "F",
    )
    assert (event["record_id"], event["row_number"], event["postcode_district"]) == (
        "Condition:c1",
        1,
        "LS1",
    )
    (med,) = table("MedicationRequest.000.ndjson", "medication")
    assert (med["dmd_code"], med["quantity"], str(med["issue_date"])) == (
        "322236009",
        56.0,
        "2024-01-02",
    )
    assert med["nhs_number"] == "9434765919"


def test_a_file_in_an_ordinary_folder_still_needs_a_feed_name(tmp_path):
    folder = tmp_path / "feeds" / "exports"
    folder.mkdir(parents=True)
    _ndjson(folder, "Patient.000.ndjson", [{"resourceType": "Patient", "id": "a"}])
    (r,) = ingest_path(tmp_path / "feeds", tmp_path / "var")
    assert r["status"] == "quarantined" and "expected <kind>__<org>__<YYYYMMDD>" in r["file_error"]
