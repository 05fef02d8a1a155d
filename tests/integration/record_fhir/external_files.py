"""The third-party FHIR files of ``/work/shared/external-fhir`` (see its SOURCES.md) staged as
partners' feeds, a GP registration for the people in them, and what the files themselves say,
read straight from the JSON so the API's answers are checked against the source, not the ingest.

Senders are organisations of ``factories.system.practices_system`` (so the data manager of that
system sees their unlinked rows), except UK Core's examples, sent as Leeds (RR8) as the
population tests send them: Richard Smith links by his NHS number, nobody works his rows.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from engineroom.population.nhs_number import checksum

EXTERNAL = Path("/work/shared/external-fhir")
UKCORE = EXTERNAL / "nhs-uk-core"
SYNTHEA = (
    EXTERNAL
    / "synthea-generated-sample-data"
    / ("Buster_Hoeger_ad2e3fc5-2b5d-4cb9-8d03-9ea0f4ac8423.json")
)
BULK = EXTERNAL / "smart-sample-bulk-fhir-datasets"
NEGATIVE = EXTERNAL / "microsoft-fhir-server" / "PatientMissingResourceType.json"
PRACTICE = "Y99001"  # the practice that registers all three people
SYNTHEA_SENDER, BULK_SENDER, UKCORE_SENDER, NEGATIVE_SENDER = "RT1", "RT2", "RR8", "RT4"
AUGUSTUS_ID = "cbc86e51-9eca-3855-76ec-c058f72c5761"  # the bulk Patient with most allergies
SNOMED = "http://snomed.info/sct"


def nhs_number(stem: str) -> str:
    """Nine digits completed with their Modulus 11 check digit (the 999 test range)."""
    digit = checksum(stem)
    assert digit is not None and digit < 10, stem
    return f"{stem}{digit}"


RICHARD = "9912003888"  # UK Core's own, Modulus 11 valid
BUSTER = nhs_number("999000001")
AUGUSTUS = nhs_number("999000002")
# The practice's registrations. Synthea puts digits after names (Emmerich580): the practice
# holds the person's name, and the data manager searches by it. Postcodes are English: the
# Synthea rows carry US ZIP codes, so no demographic rule can link them on its own.
REGISTRATIONS = {
    RICHARD: ("Richard", "Smith", "1970-09-11", "M", "LS17", "2001-04-01"),
    BUSTER: ("Buster", "Hoeger", "1988-03-16", "M", "LS6", "2010-01-04"),
    AUGUSTUS: ("Augustus", "Emmerich", "1995-12-30", "M", "LS7", "1996-01-15"),
}
HEADER = "NHS_NUMBER,GIVEN_NAME,FAMILY_NAME,DATE_OF_BIRTH,SEX,POSTCODE_DISTRICT,REGISTRATION_DATE"


def stage(feeds: Path) -> Path:
    """The files under feed names in ``feeds``: UK Core's Patient and BP Bundle as one delivery
    folder, Buster Hoeger's Synthea Bundle, the bulk export's Patient and AllergyIntolerance
    files as one folder, Microsoft's negative, and the practice's registration CSV."""
    uk = feeds / f"fhir__{UKCORE_SENDER}__20250701"
    bulk = feeds / f"fhir__{BULK_SENDER}__20250701"
    uk.mkdir(parents=True)
    bulk.mkdir()
    for name in ("UKCore-Patient-RichardSmith-Example.xml", "UKCore-Bundle-BatchPOST-Example.xml"):
        shutil.copy(UKCORE / name, uk / name)
    for name in ("Patient.000.ndjson", "AllergyIntolerance.000.ndjson"):
        shutil.copy(BULK / name, bulk / name)
    shutil.copy(SYNTHEA, feeds / f"fhir__{SYNTHEA_SENDER}__20250701.json")
    shutil.copy(NEGATIVE, feeds / f"fhir__{NEGATIVE_SENDER}__20250701.json")
    rows = [",".join((n, *r)) for n, r in REGISTRATIONS.items()]
    (feeds / f"gp_patients__{PRACTICE}__20250701.csv").write_text("\n".join([HEADER, *rows, ""]))
    return feeds


def _snomed(concept: dict) -> str | None:
    return next((c["code"] for c in concept.get("coding", []) if c["system"] == SNOMED), None)


def synthea_coded() -> dict[str, tuple[str, str]]:
    """Buster Hoeger's Conditions and Procedures: ``<type>:<id>`` -> (SNOMED code, day)."""
    found = {}
    for item in json.loads(SYNTHEA.read_text())["entry"]:
        resource = item["resource"]
        if resource["resourceType"] in {"Condition", "Procedure"}:
            when = (
                resource.get("onsetDateTime")
                or resource.get("performedDateTime")
                or resource["performedPeriod"]["start"]
            )
            key = f"{resource['resourceType']}:{resource['id']}"
            found[key] = (_snomed(resource["code"]), when[:10])
    return found


def bulk_allergies(patient_id: str) -> dict[str, tuple[str | None, str]]:
    """A bulk Patient's AllergyIntolerances: ``AllergyIntolerance:<id>`` -> (SNOMED code or
    None when coded only in RxNorm, the day recorded)."""
    found = {}
    for line in (BULK / "AllergyIntolerance.000.ndjson").read_text().splitlines():
        resource = json.loads(line)
        if resource["patient"]["reference"] == f"Patient/{patient_id}":
            when = resource.get("onsetDateTime") or resource["recordedDate"]
            found[f"AllergyIntolerance:{resource['id']}"] = (_snomed(resource["code"]), when[:10])
    return found


def resource_id(nhs: str, source: str, record_id: str) -> str:
    """The API's id for the gp_event row a sender sent as ``record_id`` (the shared design:
    the entry id is the first 16 hex of sha1("<table>|<source>|<record_id>|0"))."""
    key = f"gp_event|{source}|{record_id}|0"
    return f"{nhs}-{hashlib.sha1(key.encode()).hexdigest()[:16]}"
