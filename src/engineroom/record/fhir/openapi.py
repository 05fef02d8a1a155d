"""An OpenAPI 3.0 document for the FHIR API (/fhir/openapi.json): for API catalogues and for
property-based testing (schemathesis), beside the CapabilityStatement that FHIR clients read."""

from __future__ import annotations

from engineroom.record.fhir.capability import ENTRY_PARAMS, PATIENT_PARAMS
from engineroom.record.fhir.resources import TYPES

FHIR = "application/fhir+json"
ERRORS = {
    "400": "Bad parameters",
    "401": "No token, or not a valid one",
    "403": "Refused: the token's scope or the record's access rules",
    "404": "No such resource",
    "406": "A format other than JSON was asked for",
    "422": "A search the server cannot process (a date that is no date)",
}
TYPED = {"date": {"type": "string"}, "number": {"type": "integer", "minimum": 0}}


def _resource(*names: str) -> dict:
    return {
        "type": "object",
        "required": ["resourceType"],
        "properties": {"resourceType": {"type": "string", "enum": list(names)}},
    }


def _responses(ok: str, *errors: str) -> dict:
    found = {"200": _body("OK", ok)}
    found |= {code: _body(ERRORS[code], "OperationOutcome") for code in errors}
    return found


def _body(description: str, resource_type: str) -> dict:
    return {"description": description, "content": {FHIR: {"schema": _resource(resource_type)}}}


def _query(name: str, kind: str, description: str, *, repeat: bool = False) -> dict:
    schema = TYPED.get(kind, {"type": "string"})
    if repeat:
        schema = {"type": "array", "items": schema}
    found = {"name": name, "in": "query", "description": description, "schema": schema}
    return found | ({"style": "form", "explode": True} if repeat else {})


def _path(name: str, description: str, pattern: str | None = None) -> dict:
    schema = {"type": "string", **({"pattern": pattern} if pattern else {})}
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
    }


PAGING = [
    _query("_count", "number", "Matches per page (default 50, at most 200)"),
    _query("_offset", "number", "Where the page starts (from the Bundle's links)"),
]
SEARCH_ERRORS = ("400", "401", "403", "406", "422")
READ_ERRORS = ("401", "403", "404", "406")


def _get(summary: str, parameters: list, responses: dict, *, public: bool = False) -> dict:
    operation = {"summary": summary, "parameters": parameters, "responses": responses}
    return {"get": operation | ({"security": []} if public else {})}


def _entry_paths() -> dict:
    paths = {}
    for name in TYPES:
        params = [_query(n, k, d, repeat=n == "date") for n, k, d in ENTRY_PARAMS] + [
            _query("_include", "string", f"*:patient or {name}:patient"),
            *PAGING,
        ]
        paths[f"/fhir/{name}"] = _get(
            f"Search {name} in one person's record", params, _responses("Bundle", *SEARCH_ERRORS)
        )
        paths[f"/fhir/{name}/{{id}}"] = _get(
            f"Read one {name} (id <NHS number>-<entry id>)",
            [_path("id", "The resource id")],
            _responses(name, *READ_ERRORS),
        )
    return paths


def _patient_paths() -> dict:
    nhs = _path("id", "The NHS number", r"^\d{10}$")
    by_patient = [_query("patient", "reference", "The NHS number (or Patient/<NHS number>)")]
    return {
        "/fhir/Patient": _get(
            "Find people",
            [_query(n, k, d) for n, k, d in PATIENT_PARAMS] + PAGING,
            _responses("Bundle", *SEARCH_ERRORS),
        ),
        "/fhir/Patient/{id}": _get("Read a Patient", [nhs], _responses("Patient", *READ_ERRORS)),
        "/fhir/Patient/{id}/$everything": _get(
            "One person's whole record as paged Bundles",
            [nhs, *PAGING],
            _responses("Bundle", "400", *READ_ERRORS),
        ),
        "/fhir/Consent": _get(
            "The person's objections to sharing",
            by_patient + PAGING,
            _responses("Bundle", *SEARCH_ERRORS),
        ),
        "/fhir/AuditEvent": _get(
            "Who looked at your record (patient/*.read only)",
            by_patient + PAGING,
            _responses("Bundle", *SEARCH_ERRORS),
        ),
    }


def document(request) -> dict:
    """The OpenAPI 3.0.3 document, its server the one serving this request."""
    scopes = {"user/*.read": "Records you may open", "patient/*.read": "Your own record"}
    flow = {
        "authorizationUrl": request.build_absolute_uri("/o/authorize/"),
        "tokenUrl": request.build_absolute_uri("/o/token/"),
        "scopes": scopes,
    }
    metadata = _get(
        "The CapabilityStatement", [], _responses("CapabilityStatement", "406"), public=True
    )
    return {
        "openapi": "3.0.3",
        "info": {"title": "Engine Room shared care record: FHIR R4 (UK Core)", "version": "1"},
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "security": [{"bearer": []}, {"oauth2": list(scopes)}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "oauth2": {"type": "oauth2", "flows": {"authorizationCode": flow}},
            }
        },
        "paths": {"/fhir/metadata": metadata, **_patient_paths(), **_entry_paths()},
    }
