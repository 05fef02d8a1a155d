"""Errors as FHIR OperationOutcome resources, and the JSON responses every endpoint returns.

A FHIR client reads an error from the body, not from an HTML page, so every refusal, bad
parameter and unknown resource becomes a :class:`FhirError` that the views turn into an
OperationOutcome with the right HTTP status (FHIR R4 http.html#Status).
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

FHIR_JSON = "application/fhir+json; charset=utf-8"
# OperationOutcome.issue.code for each status (http://hl7.org/fhir/issue-type).
ISSUE_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    422: "processing",
}


class FhirError(Exception):
    """An error a client should see as an OperationOutcome with ``status``."""

    def __init__(self, status: int, diagnostics: str, *, headers: dict | None = None) -> None:
        super().__init__(diagnostics)
        self.status = status
        self.diagnostics = diagnostics
        self.headers = headers or {}


def operation_outcome(status: int, diagnostics: str, *, severity: str = "error") -> dict:
    """An OperationOutcome with one issue."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": severity,
                "code": ISSUE_CODES.get(status, "exception"),
                "diagnostics": diagnostics,
            }
        ],
    }


def fhir_response(resource: dict, *, status: int = 200, headers: dict | None = None):
    """``resource`` as ``application/fhir+json``, never cached: it may identify a person."""
    body = json.dumps(resource, separators=(",", ":"), ensure_ascii=False)
    response = HttpResponse(body, status=status, content_type=FHIR_JSON)
    for name, value in (headers or {}).items():
        response[name] = value
    add_never_cache_headers(response)
    return response


def error_response(error: FhirError):
    return fhir_response(
        operation_outcome(error.status, error.diagnostics),
        status=error.status,
        headers=error.headers,
    )
