"""The CapabilityStatement at /fhir/metadata: what this server reads and searches, with which
UK Core profiles, and how a client gets a token (SMART-style OAuth2). Served without a token, as
FHIR clients read it before they authenticate."""

from __future__ import annotations

from django.utils import timezone

from engineroom.record.fhir.resources import TYPES, UK_CORE

SMART_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"
SECURITY = "http://terminology.hl7.org/CodeSystem/restful-security-service"
EVERYTHING = "http://hl7.org/fhir/OperationDefinition/Patient-everything"
PATIENT_PARAMS = [
    ("identifier", "token", "https://fhir.nhs.uk/Id/nhs-number|<NHS number>"),
    ("family", "string", "Family name (exact, any case); needs birthdate"),
    ("given", "string", "Given name (exact, any case); narrows a search"),
    ("birthdate", "date", "Date of birth, one whole date"),
    ("gender", "token", "female | male | other | unknown"),
]
ENTRY_PARAMS = [
    ("patient", "reference", "The NHS number, or Patient/<NHS number> (required)"),
    ("subject", "reference", "The same as patient"),
    ("date", "date", "Prefixes eq, ge, gt, le, lt; YYYY, YYYY-MM or YYYY-MM-DD; repeatable"),
]
COUNT = ("_count", "number", "Matches per page (default 50, at most 200)")


def statement(request) -> dict:
    """The CapabilityStatement for this server (FHIR R4 4.0.1)."""
    base = request.build_absolute_uri("/fhir")
    return {
        "resourceType": "CapabilityStatement",
        "id": "engineroom-fhir",
        "status": "active",
        "date": timezone.now().isoformat(timespec="seconds"),
        "publisher": "Engine Room",
        "kind": "instance",
        "software": {"name": "Engine Room shared care record"},
        "implementation": {"description": "The shared care record, read only", "url": base},
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Read only. Unknown search parameters are ignored unless the "
                "client sends Prefer: handling=strict (then 400).",
                "security": _security(request),
                "resource": _resources(),
            }
        ],
    }


def _security(request) -> dict:
    uris = [
        ("authorize", "/o/authorize/"),
        ("token", "/o/token/"),
        ("revoke", "/o/revoke_token/"),
    ]
    return {
        "cors": False,
        "service": [{"coding": [{"system": SECURITY, "code": "SMART-on-FHIR"}]}],
        "description": "OAuth2 bearer tokens with SMART-style scopes: user/*.read (as the "
        "signed-in professional, under the record's access rules) and patient/*.read (the "
        "holder's own record), or user/<Type>.read and patient/<Type>.read.",
        "extension": [
            {
                "url": SMART_URIS,
                "extension": [
                    {"url": name, "valueUri": request.build_absolute_uri(path)}
                    for name, path in uris
                ],
            }
        ],
    }


def _params(params) -> list[dict]:
    return [{"name": n, "type": t, "documentation": d} for n, t, d in params]


def _resources() -> list[dict]:
    patient = {
        "type": "Patient",
        "profile": UK_CORE + "Patient",
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "searchParam": _params([*PATIENT_PARAMS, COUNT]),
        "operation": [{"name": "everything", "definition": EVERYTHING}],
    }
    entries = [
        {
            "type": name,
            "profile": UK_CORE + name,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchInclude": ["*:patient", f"{name}:patient", f"{name}:subject"],
            "searchParam": _params([*ENTRY_PARAMS, COUNT]),
        }
        for name in TYPES
    ]
    by_patient = _params([ENTRY_PARAMS[0], COUNT])
    consent = {"type": "Consent", "profile": UK_CORE + "Consent"}
    audit = {"type": "AuditEvent", "profile": UK_CORE + "AuditEvent"}
    others = [
        {**consent, "interaction": [{"code": "search-type"}], "searchParam": by_patient},
        {**audit, "interaction": [{"code": "search-type"}], "searchParam": by_patient},
    ]
    return [patient, *entries, *others]
