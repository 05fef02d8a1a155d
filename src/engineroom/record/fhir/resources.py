"""The record's people and entries as FHIR R4 resources with UK Core profiles (plain dicts).

``Patient.id`` is the NHS number, as NHS Spine's PDS has it. Every other resource's id is
``<nhs number>-<entry id>``: the entry id is stable across loads of the store, and the NHS number
in front lets a read by id find the one person's record without scanning every record.
"""

from __future__ import annotations

import datetime as dt

from engineroom.audit import fhir as audit_fhir

NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
ODS = "https://fhir.nhs.uk/Id/ods-organization-code"
UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-"
VERIFICATION = (
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus"
)
VERIFICATION_CODES = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland"
ORD = "https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/"
TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/"
CODE_SYSTEMS = {
    "snomed": "http://snomed.info/sct",
    "icd10": "http://hl7.org/fhir/sid/icd-10",
    "dmd": "https://dmd.nhs.uk",
    "tfc": "https://fhir.nhs.uk/CodeSystem/NHSDataModelAndDictionary-treatment-function",
}
GENDERS = {"F": "female", "M": "male", "U": "unknown"}
ENCOUNTER_CLASS = {"ae": "EMER", "inpatient": "IMP", "community": "HH", "social_care": "HH"}
CLASS_NAMES = {"EMER": "emergency", "IMP": "inpatient encounter", "HH": "home health"}
# The FHIR resource type each kind of entry is served as.
TYPES = {
    "Encounter": "encounter",
    "Condition": "condition",
    "Observation": "observation",
    "MedicationStatement": "medication",
    "AllergyIntolerance": "allergy",
    "Immunization": "immunisation",
    "Flag": "alert",
}
KINDS = {kind: name for name, kind in TYPES.items()}


def profile(resource_type: str) -> dict:
    return {"profile": [UK_CORE + resource_type]}


def patient(person) -> dict:
    """A PersonRecord as a UK Core Patient (demographics only)."""
    found = {
        "resourceType": "Patient",
        "id": person.nhs_number,
        "meta": profile("Patient"),
        "identifier": [_nhs_identifier(person.nhs_number)],
        "name": [_name(person)],
        "gender": GENDERS.get(person.sex, "unknown"),
    }
    if person.birth_date:
        found["birthDate"] = person.birth_date.isoformat()
    if person.date_of_death:
        found["deceasedDateTime"] = person.date_of_death.isoformat()
    if person.postcode_district:
        found["address"] = [{"use": "home", "postalCode": person.postcode_district}]
    if person.registered_practice:
        found["generalPractitioner"] = [_organisation(person.registered_practice)]
    return found


def _nhs_identifier(nhs_number: str) -> dict:
    status = {"system": VERIFICATION_CODES, "code": "01", "display": "Number present and verified"}
    return {
        "extension": [{"url": VERIFICATION, "valueCodeableConcept": {"coding": [status]}}],
        "system": NHS_NUMBER,
        "value": nhs_number,
    }


def _name(person) -> dict:
    name = {"use": "official"}
    if person.family_name:
        name["family"] = person.family_name
    if person.given_name:
        name["given"] = [person.given_name]
    return name


def _organisation(ods: str) -> dict:
    return {"type": "Organization", "identifier": {"system": ODS, "value": ods}}


def resource_id(nhs_number: str, entry: dict) -> str:
    return f"{nhs_number}-{entry['id']}"


def split_id(resource_id: str) -> tuple[str, str] | None:
    """(NHS number, entry id) of a resource id, or None if it cannot be one of ours."""
    nhs_number, _, entry_id = resource_id.partition("-")
    if len(nhs_number) != 10 or not (nhs_number.isascii() and nhs_number.isdigit()) or not entry_id:
        return None
    return nhs_number, entry_id


def entry_resource(nhs_number: str, entry: dict) -> dict:
    """One record entry as the FHIR resource its kind is served as."""
    resource_type = KINDS[entry["kind"]]
    found = {
        "resourceType": resource_type,
        "id": resource_id(nhs_number, entry),
        "meta": _meta(resource_type, entry),
    }
    found.update(BUILDERS[resource_type](f"Patient/{nhs_number}", entry))
    return found


def _meta(resource_type: str, entry: dict) -> dict:
    meta = profile(resource_type)
    if entry.get("source"):
        meta["source"] = ORD + entry["source"]
    if entry.get("sensitive"):
        restricted = {"system": TERMINOLOGY + "v3-Confidentiality", "code": "R"}
        meta["security"] = [{**restricted, "display": "restricted"}]
    return meta


def _concept(entry: dict) -> dict:
    concept: dict = {}
    system = CODE_SYSTEMS.get(entry.get("system") or "")
    if system and entry.get("code"):
        coding = {"system": system, "code": str(entry["code"])}
        if entry.get("display"):
            coding["display"] = entry["display"]
        concept["coding"] = [coding]
    text = entry.get("display") or entry.get("code")
    if text:
        concept["text"] = str(text)
    return concept or {"text": "Not recorded"}


def _period(entry: dict) -> dict:
    period = {"start": entry["date"]}
    if entry.get("end"):
        period["end"] = entry["end"]
    return period


def _coded(system: str, code: str) -> dict:
    return {"coding": [{"system": TERMINOLOGY + system, "code": code}]}


def _encounter(subject: str, entry: dict) -> dict:
    cls = ENCOUNTER_CLASS.get(entry.get("setting") or "", "AMB")
    types = [_concept(entry)]
    if entry.get("detail"):
        types.append({"text": entry["detail"]})
    found = {
        "status": entry.get("status") or "finished",
        "class": {
            "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
            "code": cls,
            "display": CLASS_NAMES.get(cls, "ambulatory"),
        },
        "type": types,
        "subject": {"reference": subject},
        "period": _period(entry),
    }
    if entry.get("source"):
        found["serviceProvider"] = _organisation(entry["source"])
    return found


def _condition(subject: str, entry: dict) -> dict:
    category = "encounter-diagnosis" if entry.get("setting") == "inpatient" else "problem-list-item"
    found = {
        "clinicalStatus": _coded(
            "condition-clinical", "resolved" if entry.get("end") else "active"
        ),
        "verificationStatus": _coded("condition-ver-status", "confirmed"),
        "category": [_coded("condition-category", category)],
        "code": _concept(entry),
        "subject": {"reference": subject},
        "onsetDateTime": entry["date"],
        "recordedDate": entry["date"],
    }
    if entry.get("end"):
        found["abatementDateTime"] = entry["end"]
    return found


def _observation(subject: str, entry: dict) -> dict:
    found = {
        "status": "final",
        "code": _concept(entry),
        "subject": {"reference": subject},
        "effectiveDateTime": entry["date"],
    }
    if isinstance(entry.get("value"), int | float) and not isinstance(entry["value"], bool):
        found["valueQuantity"] = {"value": entry["value"]}
        if entry.get("unit"):
            found["valueQuantity"]["unit"] = str(entry["unit"])
    elif entry.get("value") not in (None, ""):
        found["valueString"] = str(entry["value"])
    if entry.get("source"):
        found["performer"] = [_organisation(entry["source"])]
    return found


def _medication(subject: str, entry: dict) -> dict:
    found = {
        "status": "completed" if entry.get("end") else "unknown",
        "medicationCodeableConcept": _concept(entry),
        "subject": {"reference": subject},
        "effectivePeriod": _period(entry),
        "dateAsserted": entry["date"],
    }
    if entry.get("quantity") not in (None, ""):
        found["note"] = [{"text": f"Quantity issued: {entry['quantity']}"}]
    if entry.get("source"):
        found["informationSource"] = _organisation(entry["source"])
    return found


def _allergy(subject: str, entry: dict) -> dict:
    return {
        "clinicalStatus": _coded("allergyintolerance-clinical", "active"),
        "verificationStatus": _coded("allergyintolerance-verification", "confirmed"),
        "code": _concept(entry),
        "patient": {"reference": subject},
        "onsetDateTime": entry["date"],
        "recordedDate": entry["date"],
    }


def _immunisation(subject: str, entry: dict) -> dict:
    found = {
        "status": "completed",
        "vaccineCode": _concept(entry),
        "patient": {"reference": subject},
        "occurrenceDateTime": entry["date"],
    }
    if entry.get("source"):
        found["performer"] = [{"actor": _organisation(entry["source"])}]
    return found


def _flag(subject: str, entry: dict) -> dict:
    found = {
        "status": "inactive" if entry.get("end") else "active",
        "code": _concept(entry),
        "subject": {"reference": subject},
        "period": _period(entry),
    }
    if entry.get("source"):
        found["author"] = _organisation(entry["source"])
    return found


BUILDERS = {
    "Encounter": _encounter,
    "Condition": _condition,
    "Observation": _observation,
    "MedicationStatement": _medication,
    "AllergyIntolerance": _allergy,
    "Immunization": _immunisation,
    "Flag": _flag,
}


def consent(nhs_number: str, objection) -> dict:
    """A person's objection to sharing (a SharingObjection) as a UK Core Consent that denies."""
    registered = objection.registered_at
    return {
        "resourceType": "Consent",
        "id": f"{nhs_number}-objection-{objection.pk}",
        "meta": profile("Consent"),
        "status": "inactive" if objection.withdrawn_at else "active",
        "scope": {
            "coding": [
                {
                    "system": TERMINOLOGY + "consentscope",
                    "code": "patient-privacy",
                    "display": "Privacy Consent",
                }
            ]
        },
        "category": [_coded("v3-ActCode", "INFA")],
        "patient": {"reference": f"Patient/{nhs_number}"},
        "dateTime": _instant(registered),
        "policyRule": _coded("v3-ActCode", "OPTOUT"),
        "provision": {"type": "deny", "period": {"start": _instant(registered)}},
    }


def _instant(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def audit_event(event) -> dict:
    """An audit event as the UK Core AuditEvent (the IHE BALP shape of :mod:`audit.fhir`)."""
    found = audit_fhir.resource(event)
    return {"resourceType": "AuditEvent", "id": found["id"], "meta": profile("AuditEvent")} | found
