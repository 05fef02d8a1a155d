"""The FHIR endpoints: thin, each checking its parameters first (so a bad request opens and
audits nothing), then opening the record through :mod:`.access` and building resources.

Every error is an OperationOutcome (:class:`FhirError`), never an HTML page.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views import View

from engineroom.record.fhir import access, bundle, capability, openapi, resources, search
from engineroom.record.fhir.outcome import FhirError, error_response, fhir_response
from engineroom.record.queries import objections

JSON_FORMATS = {"json", "application/json", "application/fhir+json", "application/json+fhir"}
ENTRY_PARAMS = {"patient", "subject", "date"}
PATIENT_PARAMS = {"identifier", "family", "given", "birthdate", "gender"}


class FhirView(View):
    """GET (and HEAD) only; a token unless ``public``; errors as OperationOutcome."""

    public = False

    def dispatch(self, request, *args, **kwargs):
        try:
            if request.method not in {"GET", "HEAD"}:
                raise FhirError(405, f"{request.method} is not supported: this API is read only.")
            fmt = request.GET.get("_format")
            if fmt is not None and fmt.split(";")[0].strip() not in JSON_FORMATS:
                raise FhirError(406, "Only JSON is served (_format=json).")
            self.grant = None if self.public else access.authenticate(request)
            return self.respond(request, **kwargs)
        except FhirError as error:
            return error_response(error)

    def respond(self, request, **kwargs):
        return fhir_response(self.build(request, **kwargs))


class Metadata(FhirView):
    public = True

    def build(self, request):
        return capability.statement(request)


class OpenApi(FhirView):
    public = True

    def respond(self, request):
        return JsonResponse(openapi.document(request))


class NotFound(FhirView):
    public = True

    def build(self, request, **kwargs):
        raise FhirError(404, f"No such resource or operation: {request.path}")


class PatientRead(FhirView):
    def build(self, request, nhs_number: str):
        kind = access.context(self.grant, "Patient")
        person = access.open_record(self.grant, kind, _patient_id(nhs_number)).person
        return resources.patient(person)


class PatientSearch(FhirView):
    def build(self, request):
        params = search.parse(request, PATIENT_PARAMS)
        criteria = _patient_criteria(params)
        count, start = search.count(params), search.offset(params)
        kind = access.context(self.grant, "Patient")
        people = [] if criteria is None else access.find(self.grant, kind, **criteria)
        found = [resources.patient(p) for p in people]
        return bundle.searchset(request, params, found, count=count, start=start)


class Everything(FhirView):
    def build(self, request, nhs_number: str):
        params = search.parse(request, set())
        count, start = search.count(params), search.offset(params)
        kind = access.context(self.grant, "Patient")
        opened = access.open_record(self.grant, kind, _patient_id(nhs_number))
        nhs = opened.person.nhs_number
        found = [resources.patient(opened.person)]
        found += [resources.entry_resource(nhs, e) for e in opened.entries]
        return bundle.searchset(
            request, params, found, count=count, start=start, outcome=_withheld(opened)
        )


class EntrySearch(FhirView):
    def build(self, request, resource_type: str):
        params = search.parse(request, ENTRY_PARAMS)
        nhs = search.patient(params)
        ranges = [search.date_range(v, "date") for v in params.all("date")]
        count, start = search.count(params), search.offset(params)
        include = search.includes_patient(params, resource_type)
        opened = access.open_record(self.grant, access.context(self.grant, resource_type), nhs)
        wanted = resources.TYPES[resource_type]
        found = [
            resources.entry_resource(nhs, e)
            for e in opened.entries
            if e["kind"] == wanted and search.in_range(e["date"], ranges)
        ]
        included = [resources.patient(opened.person)] if include else []
        return bundle.searchset(
            request,
            params,
            found,
            count=count,
            start=start,
            included=included,
            outcome=_withheld(opened),
        )


class EntryRead(FhirView):
    def build(self, request, resource_type: str, resource_id: str):
        parts = resources.split_id(resource_id)
        if parts is None:
            raise FhirError(404, f"No {resource_type}/{resource_id}.")
        kind = access.context(self.grant, resource_type)
        opened = access.open_record(self.grant, kind, _patient_id(parts[0]))
        wanted = resources.TYPES[resource_type]
        for entry in opened.entries:
            if entry["id"] == parts[1] and entry["kind"] == wanted:
                return resources.entry_resource(parts[0], entry)
        raise FhirError(404, f"No {resource_type}/{resource_id} that you may see.")


class ConsentSearch(FhirView):
    def build(self, request):
        params = search.parse(request, {"patient"})
        nhs = search.patient(params, ("patient",))
        count, start = search.count(params), search.offset(params)
        access.open_record(self.grant, access.context(self.grant, "Consent"), nhs)
        found = [resources.consent(nhs, o) for o in reversed(objections(nhs))]
        return bundle.searchset(request, params, found, count=count, start=start)


class AuditEventSearch(FhirView):
    def build(self, request):
        params = search.parse(request, {"patient"})
        nhs = search.patient(params, ("patient",))
        count, start = search.count(params), search.offset(params)
        if access.context(self.grant, "AuditEvent") != "patient":
            raise FhirError(403, "AuditEvents are served only to the person (patient/*.read).")
        events = access.audit_events(self.grant, nhs)
        found = [resources.audit_event(e) for e in events]
        return bundle.searchset(request, params, found, count=count, start=start)


def _patient_id(value: str) -> str:
    """A Patient id (an NHS number); 404 for anything that cannot be one."""
    try:
        return search.nhs_number(value, "id")
    except FhirError as error:
        raise FhirError(404, f"No Patient/{value}.") from error


def _patient_criteria(params: search.Search) -> dict | None:
    """find()'s keyword arguments from the search; None when no one can match (an identifier
    of another system)."""
    criteria: dict = {}
    if (value := params.one("identifier")) is not None:
        criteria["nhs_number"] = search.identifier(value)
        if criteria["nhs_number"] is None:
            return None
    for name in ("family", "given"):
        if (value := params.one(name)) is not None:
            criteria[name] = value
    if (value := params.one("gender")) is not None:
        criteria["gender"] = search.gender(value)
    if (value := params.one("birthdate")) is not None:
        prefix, first, last = search.date_range(value, "birthdate")
        if prefix != "eq" or first != last:
            raise FhirError(422, "birthdate must be one whole date (YYYY-MM-DD).")
        criteria["birth_date"] = first
    return criteria


def _withheld(opened) -> dict | None:
    """An information issue saying how many entries the viewer may not see, and why."""
    if not opened.withheld:
        return None
    reasons = ", ".join(f"{n} ({why})" for why, n in sorted(opened.withheld.items()))
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": "information",
                "code": "suppressed",
                "diagnostics": f"Entries withheld from you: {reasons}.",
            }
        ],
    }
