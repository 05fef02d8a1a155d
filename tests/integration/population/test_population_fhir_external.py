"""Real FHIR written by others (``/work/shared/external-fhir``, see its SOURCES.md): each file
ingests to the rows expected, per file and per resource type, and UK Core's Richard Smith links."""

import shutil
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from engineroom.population import publish
from engineroom.population.ingest import ingest_path
from engineroom.population.lake import Lake
from engineroom.population.pipeline import run_linkage

EXTERNAL = Path("/work/shared/external-fhir")
pytestmark = pytest.mark.skipif(not EXTERNAL.exists(), reason="external FHIR samples not present")
MS, SYNTHEA, UKCORE = (
    EXTERNAL / "microsoft-fhir-server",
    EXTERNAL / "synthea-generated-sample-data",
    EXTERNAL / "nhs-uk-core",
)
RICHARD = "9912003888"
KEY = "external-fhir-test-key"

# file -> (resources read, accepted, a quarantine reason or None)
MICROSOFT = {
    "Patient-f001.json": (1, 1, None),
    "Bundle-Transaction.json": (6, 6, None),  # 10 entries: 2 DELETE and 2 GET carry no resource
    "Bundle-Batch.json": (6, 5, "duplicate resource"),  # Patient/123 PUT twice
    "Patient.json": (1, 0, "FHIR R4 structure"),
    "Observation-For-Patient-f001.json": (1, 0, "FHIR R4 structure"),
    "Bundle-InvalidBundleType.json": (1, 0, "code 'invalid-type' is not in the FHIR value set"),
    "PatientWithUnknownElements.json": (1, 0, "FHIR R4 structure"),
    "PatientMissingResourceType.json": (1, 0, "resourceType missing"),
    "ObservationWithInvalidStatus.json": (1, 0, "FHIR R4 structure"),
}
# Synthea transaction Bundles: entries; gp_event = Conditions and Procedures (SNOMED CT);
# Observations (LOINC), Immunizations (CVX) and MedicationRequests (RxNorm) stay raw, and so do
# the Encounters: all class AMB (check-ups, "encounter for symptom"), not community contacts.
SYNTHEA_ROWS = {
    "Buster_Hoeger": (66, {"gp_event": 4}),
    "Clemente_Kreiger": (70, {"gp_event": 2}),
    "Ned_Hintz": (71, {"gp_event": 3}),
}


def _stage(tmp_path, files, folder: str | None = None):
    """Copy under feed names (``fhir__EXTnn__20250701.<ext>``), or into one delivery folder."""
    feeds = tmp_path / "feeds"
    target = feeds / folder if folder else feeds
    target.mkdir(parents=True)
    names = {}
    for i, src in enumerate(files):
        name = src.name if folder else f"fhir__EXT{i:02d}__20250701{src.suffix}"
        shutil.copy(src, target / name)
        names[f"{folder}/{name}" if folder else name] = src.name
    return feeds, names


def _rows(var, report) -> dict[str, int]:
    lake = Lake(var)
    outputs = lake.manifest(report["load_id"])["outputs"]
    return {
        t: pq.ParquetFile(lake.root / rel).metadata.num_rows
        for t, rel in outputs.items()
        if not t.startswith("_")
    }


def _table(var, report, table):
    lake = Lake(var)
    return pq.ParquetFile(lake.root / lake.manifest(report["load_id"])["outputs"][table]).read()


def test_fhir_microsoft_cases_accepted_or_quarantined_with_reason(tmp_path):
    feeds, names = _stage(tmp_path, sorted(MS.glob("*.json")))
    for r in ingest_path(feeds, tmp_path / "var"):
        original = names[r["file"]]
        read, accepted, reason = MICROSOFT[original]
        assert (r["rows_in"], r["accepted"]) == (read, accepted), (original, r["reasons"])
        assert r["rows_in"] == r["accepted"] + r["quarantined"]
        has_bom = Path(r["path"]).read_bytes().startswith(b"\xef\xbb\xbf")  # most, not all, do
        assert any("byte order mark" in n for n in r["notes"]) == has_bom, original
        assert bool(reason) == bool(r["reasons"]), (original, r["reasons"])
        assert not reason or any(reason in k for k in r["reasons"]), (original, r["reasons"])


def test_fhir_microsoft_bundle_entries_are_rows_numbered_in_order(tmp_path):
    feeds, names = _stage(tmp_path, [MS / "Bundle-Batch.json", MS / "Bundle-Transaction.json"])
    var = tmp_path / "var"
    reports = {names[r["file"]]: r for r in ingest_path(feeds, var)}
    kept = _table(var, reports["Bundle-Transaction.json"], "fhir_resource")
    assert kept["row_number"].to_pylist() == [1, 2, 3, 4, 5, 6]
    assert kept["resource_type"].to_pylist() == ["Patient"] * 5 + ["Parameters"]
    assert "4 Bundle entries without a resource" in " ".join(reports["Bundle-Batch.json"]["notes"])
    issues = _table(var, reports["Bundle-Batch.json"], "_quarantine").to_pylist()
    assert [(i["row_number"], i["field"]) for i in issues] == [(5, "id")]
    assert "Patient/123 (first at row 3)" in issues[0]["value"]


def test_fhir_synthea_transaction_bundles_map_snomed_coded_resources(tmp_path):
    feeds, names = _stage(tmp_path, sorted(SYNTHEA.glob("*.json")))
    var = tmp_path / "var"
    for r in ingest_path(feeds, var):
        person = names[r["file"]].rsplit("_", 1)[0]
        entries, mapped = SYNTHEA_ROWS[person]
        assert (r["rows_in"], r["accepted"], r["quarantined"]) == (entries, entries, 0)
        assert _rows(var, r) == {"fhir_resource": entries, **mapped}, person
        notes = " ".join(r["notes"])
        assert "no SNOMED CT code (http://loinc.org)" in notes
        assert "Immunization" in notes and "http://hl7.org/fhir/sid/cvx" in notes
        assert "not mapped to community_contact" in notes and "class.code AMB" in notes
        events = _table(var, r, "gp_event")
        assert {rid.split(":")[0] for rid in events["record_id"].to_pylist()} <= {
            "Condition",
            "Procedure",
        }
        assert set(events["source"].to_pylist()) == {r["source"]}
        assert all(events["birth_date"].to_pylist()), "subject resolved through urn:uuid fullUrl"
        assert events["nhs_number"].null_count == events.num_rows  # US data: no NHS number
        rows = _table(var, r, "fhir_resource")["row_number"].to_pylist()
        assert rows == list(range(1, entries + 1))


def test_fhir_bulk_sample_allergies_map_snomed_and_immunizations_stay_raw(tmp_path):
    bulk = EXTERNAL / "smart-sample-bulk-fhir-datasets"
    files = sorted(bulk.glob("*.ndjson"))
    feeds, _ = _stage(tmp_path, files, folder="fhir__SMART__20240806")
    var = tmp_path / "var"
    reports = {r["file"].split("/")[1]: r for r in ingest_path(feeds, var)}
    got = {n: (r["rows_in"], r["accepted"], r["quarantined"]) for n, r in reports.items()}
    assert got == {
        "Patient.000.ndjson": (13, 13, 0),
        "AllergyIntolerance.000.ndjson": (11, 11, 0),
        "Immunization.000.ndjson": (161, 161, 0),
        "log.ndjson": (0, 0, 0),
    }
    assert _rows(var, reports["AllergyIntolerance.000.ndjson"]) == {
        "fhir_resource": 11,
        "gp_event": 9,  # 2 allergies coded in RxNorm only
    }
    assert _rows(var, reports["Immunization.000.ndjson"]) == {"fhir_resource": 161}  # CVX
    allergies = _table(var, reports["AllergyIntolerance.000.ndjson"], "gp_event")
    assert allergies["birth_date"].null_count == 0  # Patients found in Patient.000.ndjson
    assert "bulk export log" in reports["log.ndjson"]["notes"][0]


def test_fhir_uk_core_xml_read_and_mapped(tmp_path):
    feeds, names = _stage(tmp_path, sorted(UKCORE.glob("*.xml")))
    var = tmp_path / "var"
    reports = {names[r["file"]]: r for r in ingest_path(feeds, var)}
    assert {n: (r["rows_in"], r["accepted"]) for n, r in reports.items()} == {
        "UKCore-AuditEvent-Query-Example.xml": (1, 1),
        "UKCore-Bundle-BatchPOST-Example.xml": (5, 5),
        "UKCore-Consent-ForInformationAccess-Example.xml": (1, 1),
        "UKCore-Patient-RichardSmith-Example.xml": (1, 1),
    }
    bp = _table(var, reports["UKCore-Bundle-BatchPOST-Example.xml"], "gp_event")
    # 5 blood pressure panels (75367002), each with a systolic and a diastolic component
    codes = sorted(set(bp["snomed_code"].to_pylist()))
    assert codes == ["1091811000000102", "72313002", "75367002"] and bp.num_rows == 15
    systolic = bp.filter(pc.equal(bp["snomed_code"], "72313002"))
    assert systolic["unit"].to_pylist() == ["mm[Hg]"] * 5 and systolic["value"].null_count == 0
    assert _rows(var, reports["UKCore-Patient-RichardSmith-Example.xml"]) == {"fhir_resource": 1}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<note><to>Tove</to></note>", "XML but not FHIR: root element <note> has no namespace"),
        (b"<Patient><id value='x'/>", "not well-formed XML"),
        (
            b'<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<Patient xmlns="http://hl7.org/fhir"><id value="&x;"/></Patient>',
            "DOCTYPE",
        ),
        (b'<Spaceship xmlns="http://hl7.org/fhir"/>', "unknown FHIR resource type"),
        (b'<Patient xmlns="http://hl7.org/fhir"><colour value="blue"/></Patient>', "FHIR R4"),
    ],
)
def test_fhir_xml_that_is_not_fhir_is_quarantined_with_the_reason(tmp_path, content, reason):
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "fhir__X01__20250701.xml").write_bytes(content)
    (r,) = ingest_path(feeds, tmp_path / "var")
    assert (r["rows_in"], r["accepted"], r["quarantined"]) == (1, 0, 1)
    assert any(reason in k for k in r["reasons"]), r["reasons"]


def _linked(var, table: str):
    folder = publish.current_folder(Lake(var).root / "linked")
    return pq.read_table(folder / f"{table}.parquet")


def _register(feeds: Path, practice: str = "B86001") -> None:
    header = (
        "NHS_NUMBER,GIVEN_NAME,FAMILY_NAME,DATE_OF_BIRTH,SEX,POSTCODE_DISTRICT,REGISTRATION_DATE"
    )
    row = f"{RICHARD},Richard,Smith,1970-09-11,M,LS17,2001-04-01"
    (feeds / f"gp_patients__{practice}__20250701.csv").write_text(f"{header}\n{row}\n")


def test_fhir_uk_core_richard_smith_linked_to_his_registration(tmp_path):
    """The UK Core examples sent as one delivery: the Bundle's Observations refer to
    ``Patient/UKCore-Patient-RichardSmith-Example``, found in the Patient file of the same feed."""
    feeds, _ = _stage(tmp_path, sorted(UKCORE.glob("*.xml")), folder="fhir__RR8__20250701")
    _register(feeds)
    var = tmp_path / "var"
    assert all(r["quarantined"] == 0 for r in ingest_path(feeds, var))
    run_linkage(var=var, key=KEY)
    index = _linked(var, "person_index")
    assert RICHARD in index["nhs_number"].to_pylist()
    events = _linked(var, "gp_event").to_pylist()
    assert len(events) == 15
    assert {(e["person_id"], e["link_rule"]) for e in events} == {(RICHARD, "nhs_number")}


def test_fhir_patient_with_a_registered_gp_builds_a_person(tmp_path):
    """Richard Smith with his GP (ODS code) given: the person comes from FHIR alone."""
    xml = (UKCORE / "UKCore-Patient-RichardSmith-Example.xml").read_text()
    gp = (
        "<generalPractitioner><identifier>"
        '<system value="https://fhir.nhs.uk/Id/ods-organization-code"/><value value="B86001"/>'
        "</identifier></generalPractitioner>"
    )
    feeds = tmp_path / "feeds" / "fhir__RR8__20250701"
    feeds.mkdir(parents=True)
    (feeds / "patient.xml").write_text(xml.replace("  <communication>", gp + "<communication>"))
    shutil.copy(UKCORE / "UKCore-Bundle-BatchPOST-Example.xml", feeds / "bundle.xml")
    var = tmp_path / "var"
    reports = {r["file"]: r for r in ingest_path(feeds.parent, var)}
    person = _table(var, reports["fhir__RR8__20250701/patient.xml"], "person").to_pylist()
    assert len(person) == 1
    assert {k: str(person[0][k]) for k in ("nhs_number", "birth_date", "registered_practice")} == {
        "nhs_number": RICHARD,
        "birth_date": "1970-09-11",
        "registered_practice": "B86001",
    }
    assert (person[0]["family_name"], person[0]["sex"], person[0]["ethnicity_group"]) == (
        "SMITH",
        "M",
        "Mixed",
    )
    assert person[0]["postcode_district"] == "LS17"
    run_linkage(var=var, key=KEY)
    events = _linked(var, "gp_event")
    assert events.num_rows == 15 and set(events["person_id"].to_pylist()) == {RICHARD}
