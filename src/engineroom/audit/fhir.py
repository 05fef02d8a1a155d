"""The audit log as FHIR R4 ``AuditEvent`` resources in the shape of IHE Basic Audit Log Patterns.

One resource per event, as NDJSON (one JSON object a line), for a security information and event
management system or a national audit store:

- ``type``/``subtype``: a RESTful ``read``/``search-type``/``create``/``update``/``delete`` for
  what people did, DICOM ``110106 Export`` for downloads, ``110100 Application Activity`` (or
  ``110113 Security Alert`` when it failed) for the log's own verification;
- ``action`` R, E, C, U or D; ``recorded``; ``outcome`` 0 (success), 4 (refused) or 8 (a failed
  verification) with ``outcomeDesc``;
- ``agent``: who asked (``requestor``), with their ``purposeOfUse``; ``source``: Engine Room;
- ``entity``: the subject, with the event's reason and details, and each person shown by NHS
  number (role Patient); ``purposeOfEvent``: TREAT for direct care, ETREAT for break-glass,
  HOPERAT (healthcare operations) otherwise.

The resource ``id`` is the event's sequence number and an extension carries its chain hash, so an
exported event can be checked against the log.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from collections.abc import Iterable, Iterator
from typing import TextIO

from engineroom.audit import queries
from engineroom.audit.actions import record
from engineroom.audit.chain import timestamp
from engineroom.audit.models import AuditEvent

DCM = "http://dicom.nema.org/resources/ontology/DCM"
EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"
RESTFUL = "http://hl7.org/fhir/restful-interaction"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role"
SECURITY_ROLE = "http://terminology.hl7.org/CodeSystem/extra-security-role-type"
SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type"
NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
USER = "urn:engineroom:user"
SUBJECT = "urn:engineroom:audit-subject"
CHAIN = "urn:engineroom:audit-chain"

REST = {"system": EVENT_TYPE, "code": "rest", "display": "RESTful Operation"}
EXPORT = {"system": DCM, "code": "110106", "display": "Export"}
ACTIVITY = {"system": DCM, "code": "110100", "display": "Application Activity"}
ALERT = {"system": DCM, "code": "110113", "display": "Security Alert"}
PURPOSES = {
    "TREAT": "treatment",
    "ETREAT": "Emergency Treatment",
    "HOPERAT": "healthcare operations",
}
CREATED = ("created", "added", "imported", "loaded", "staged", "submitted", "published", "opened")
DELETED = ("deleted", "removed", "discarded", "withdrawn")


def classify(event: AuditEvent) -> tuple[dict, dict | None, str]:
    """(type, subtype, action) of one event, from its name."""
    name = event.action.removesuffix("_refused")
    if name == "audit.verified":
        return (ACTIVITY if event.details.get("ok") else ALERT), None, "E"
    if ".export" in name or name.endswith("_exported"):
        return EXPORT, None, "R"
    if name.endswith(("viewed", ".view")):
        people = event.details.get("nhs_numbers")
        if isinstance(people, list) and len(people) == 1:
            return REST, _rest("read"), "R"
        return REST, _rest("search-type"), "E"
    if name.endswith(CREATED):
        return REST, _rest("create"), "C"
    if name.endswith(DELETED):
        return REST, _rest("delete"), "D"
    return REST, _rest("update"), "U"


def _rest(code: str) -> dict:
    return {"system": RESTFUL, "code": code}


def purpose(event: AuditEvent) -> str:
    reason = event.reason.lower()
    if "break-glass" in reason or "break glass" in reason:
        return "ETREAT"
    if reason.startswith("direct care") or event.action.startswith(("worklist.", "record.")):
        return "TREAT"
    return "HOPERAT"


def _outcome(event: AuditEvent) -> tuple[str, str | None]:
    if event.action.endswith("_refused"):
        return "4", f"refused: {event.reason}" if event.reason else "refused"
    if event.action == "audit.verified" and not event.details.get("ok"):
        return "8", event.reason
    return "0", None


def resource(event: AuditEvent) -> dict:
    """One event as a FHIR R4 AuditEvent (a plain dict, ready for JSON)."""
    kind, subtype, action = classify(event)
    why = purpose(event)
    reason = {"coding": [{"system": ACT_REASON, "code": why, "display": PURPOSES[why]}]}
    outcome, description = _outcome(event)
    return {
        "resourceType": "AuditEvent",
        "id": str(event.seq),
        "extension": [_chain(event)],
        "type": kind,
        **({"subtype": [subtype]} if subtype else {}),
        "action": action,
        "recorded": timestamp(event.at),
        "outcome": outcome,
        **({"outcomeDesc": description} if description else {}),
        "purposeOfEvent": [reason],
        "agent": [_agent(event, reason)],
        "source": {
            "site": "Engine Room",
            "observer": {"display": "Engine Room"},
            "type": [{"system": SOURCE_TYPE, "code": "4", "display": "Application Server"}],
        },
        "entity": [_subject(event), *(_patient(n) for n in _people(event))],
    }


def _chain(event: AuditEvent) -> dict:
    return {
        "url": CHAIN,
        "extension": [
            {"url": "seq", "valueString": str(event.seq)},
            {"url": "hash", "valueString": event.hash},
            {"url": "previousHash", "valueString": event.previous_hash},
        ],
    }


def _agent(event: AuditEvent, reason: dict) -> dict:
    human = event.actor_id is not None
    role = ("humanuser", "human user") if human else ("dataprocessor", "data processor")
    return {
        "type": {"coding": [{"system": SECURITY_ROLE, "code": role[0], "display": role[1]}]},
        "who": {
            **({"identifier": {"system": USER, "value": event.actor_name}} if human else {}),
            "display": event.actor_name or "system",
        },
        "requestor": True,
        "purposeOfUse": [reason],
    }


def _subject(event: AuditEvent) -> dict:
    details = [{"type": "action", "valueString": event.action}]
    if event.reason:
        details.append({"type": "reason", "valueString": event.reason})
    details += [
        {"type": key, "valueString": json.dumps(value, sort_keys=True, default=str)}
        for key, value in sorted(event.details.items())
        if key != "nhs_numbers"
    ]
    return {
        "what": {
            "identifier": {"system": SUBJECT, "value": event.subject or "none"},
            "display": event.subject or event.action,
        },
        "type": {"system": ENTITY_TYPE, "code": "2", "display": "System Object"},
        "role": {"system": OBJECT_ROLE, "code": "4", "display": "Domain Resource"},
        "detail": details,
    }


def _people(event: AuditEvent) -> list[str]:
    numbers = event.details.get("nhs_numbers")
    return [str(n) for n in numbers] if isinstance(numbers, list) else []


def _patient(nhs_number: str) -> dict:
    return {
        "what": {"identifier": {"system": NHS_NUMBER, "value": nhs_number}},
        "type": {"system": ENTITY_TYPE, "code": "1", "display": "Person"},
        "role": {"system": OBJECT_ROLE, "code": "1", "display": "Patient"},
    }


def ndjson(events: Iterable[AuditEvent]) -> Iterator[str]:
    """Each event as one line of NDJSON (with its newline)."""
    for event in events:
        yield json.dumps(resource(event), separators=(",", ":"), ensure_ascii=False) + "\n"


def export(stream: TextIO, *, since: dt.datetime | None = None, to: str = "", by=None) -> int:
    """Write every event (or those from ``since``) to ``stream``; the export is itself audited
    (it discloses who looked at whom). Returns how many were written."""
    written = 0
    for line in ndjson(queries.events(since=since).iterator(chunk_size=2000)):
        stream.write(line)
        written += 1
    record(
        "audit.exported",
        "audit.log",
        by=by,
        reason="export of the audit log as FHIR AuditEvent NDJSON",
        details={"events": written, "since": since, "to": to, "os_user": _os_user()},
    )
    return written


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return str(os.getuid())
