"""Real FHIR samples written by others: valid ones accepted, invalid ones quarantined with the reason."""

import shutil
from pathlib import Path

import pytest

from engineroom.population.ingest import ingest_path

EXTERNAL = Path("/work/shared/external-fhir")
pytestmark = pytest.mark.skipif(not EXTERNAL.exists(), reason="external FHIR samples not present")

EXPECTED = {
    "Patient-f001.json": None,
    "Bundle-Transaction.json": None,
    "Bundle-Batch.json": None,
    "Patient.json": "FHIR R4 structure",
    "Observation-For-Patient-f001.json": "FHIR R4 structure",
    "Bundle-InvalidBundleType.json": "code 'invalid-type' is not in the FHIR value set",
    "PatientWithUnknownElements.json": "FHIR R4 structure",
    "PatientMissingResourceType.json": "resourceType missing",
    "ObservationWithInvalidStatus.json": "FHIR R4 structure",
}


def _stage(tmp_path, files):
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    names = {}
    for i, src in enumerate(files):
        name = f"fhir__EXT{i:02d}__20250101{src.suffix}"
        shutil.copy(src, feeds / name)
        names[name] = src.name
    return feeds, names


def test_fhir_microsoft_cases_accepted_or_quarantined_with_reason(tmp_path):
    feeds, names = _stage(tmp_path, sorted((EXTERNAL / "microsoft-fhir-server").glob("*.json")))
    reports = ingest_path(feeds, tmp_path / "var")
    for r in reports:
        original = names[r["file"]]
        expect = EXPECTED[original]
        assert r["rows_in"] == 1 == r["accepted"] + r["quarantined"]
        has_bom = Path(r["path"]).read_bytes().startswith(b"\xef\xbb\xbf")  # most, not all, do
        assert any("byte order mark" in n for n in r["notes"]) == has_bom, original
        if expect is None:
            assert r["accepted"] == 1, (original, r["reasons"])
        else:
            assert r["quarantined"] == 1 and any(expect in k for k in r["reasons"]), (
                original,
                r["reasons"],
            )


def test_fhir_synthea_bundles_and_bulk_ndjson_accepted(tmp_path):
    files = sorted((EXTERNAL / "synthea-generated-sample-data").glob("*.json"))
    files += [
        EXTERNAL / "smart-sample-bulk-fhir-datasets" / n
        for n in ("Patient.000.ndjson", "AllergyIntolerance.000.ndjson", "Immunization.000.ndjson")
    ]
    feeds, _ = _stage(tmp_path, files)
    reports = ingest_path(feeds, tmp_path / "var")
    by_rows = sorted(r["rows_in"] for r in reports)
    assert by_rows == [1, 1, 1, 11, 13, 161]
    assert all(r["quarantined"] == 0 for r in reports), [r["reasons"] for r in reports]


def test_fhir_bulk_export_log_is_quarantined_not_dropped(tmp_path):
    feeds, _ = _stage(tmp_path, [EXTERNAL / "smart-sample-bulk-fhir-datasets" / "log.ndjson"])
    (r,) = ingest_path(feeds, tmp_path / "var")
    assert r["rows_in"] > 0 and r["quarantined"] == r["rows_in"]
