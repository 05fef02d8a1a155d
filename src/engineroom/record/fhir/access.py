"""Who a bearer token speaks for, what its scopes allow, and opening a record through it.

The API keeps exactly the web's rules: a ``user/…`` token acts as its user through
:func:`engineroom.record.queries.open_record` (relationship, objection, sensitive categories,
audit), with the channel ``fhir``; a ``patient/…`` token belongs to a user with a
:class:`PatientAccount` and reads that person's record only. The API never breaks the glass:
a refusal names the record page, where a break-glass is made, with its reason, and reviewed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.http import Http404
from oauth2_provider.models import get_access_token_model

from engineroom.accounts.permissions import ROLES, Permission
from engineroom.accounts.rules import memberships
from engineroom.audit import actions as audit
from engineroom.audit import queries as audit_queries
from engineroom.record import queries
from engineroom.record.fhir.outcome import FhirError
from engineroom.record.models import PatientAccount

REALM = 'Bearer realm="engineroom-fhir"'
BREAK_GLASS = (
    " The FHIR API cannot break the glass: if this is needed for the person's care, open their "
    "record page, where break-glass is made with a reason and reviewed."
)


@dataclass(frozen=True)
class Grant:
    """A valid token: its user and its scopes."""

    user: object
    scopes: frozenset[str]


def _unauthorised(message: str, error: str = "invalid_token") -> FhirError:
    header = f'{REALM}, error="{error}", error_description="{message}"'
    return FhirError(401, message, headers={"WWW-Authenticate": header})


def authenticate(request) -> Grant:
    """The grant of the request's ``Authorization: Bearer`` token; 401 if none or not valid."""
    kind, _, raw = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != "bearer" or not raw.strip():
        raise FhirError(401, "A bearer token is needed.", headers={"WWW-Authenticate": REALM})
    checksum = hashlib.sha256(raw.strip().encode()).hexdigest()
    model = get_access_token_model()
    token = model.objects.select_related("user").filter(token_checksum=checksum).first()
    if token is None or token.user is None or not token.user.is_active:
        raise _unauthorised("The token is not known.")
    if token.is_expired():
        raise _unauthorised("The token has expired.")
    return Grant(token.user, frozenset(token.scope.split()))


def context(grant: Grant, resource_type: str) -> str:
    """``"patient"`` or ``"user"``: which of the token's scopes lets it read ``resource_type``
    (a patient scope when its holder has an account); 403 if none does."""
    for kind in ("patient", "user"):
        scoped = {f"{kind}/*.read", f"{kind}/{resource_type}.read"} & grant.scopes
        if scoped and (kind == "user" or account(grant) is not None):
            return kind
    raise FhirError(403, f"The token's scopes do not allow reading {resource_type}.")


def account(grant: Grant) -> PatientAccount | None:
    return PatientAccount.objects.filter(user=grant.user).first()


def record_system(user):
    """The system a user reads records in: the first membership's system granting record.view."""
    for m in memberships(user):
        if m.system is not None and Permission.RECORD_VIEW in ROLES[m.role].permissions:
            return m.system
    return None


def open_record(grant: Grant, kind: str, nhs_number: str) -> queries.Opened:
    """The record as the token may see it, audited as the web's is; 403/404 otherwise."""
    if kind == "patient":
        return _own_record(grant, nhs_number)
    system = record_system(grant.user)
    if system is None:
        raise FhirError(403, "Your account may not open shared records (no record.view).")
    try:
        return queries.open_record(grant.user, system, nhs_number, channel="fhir")
    except queries.Refused as refused:
        extra = BREAK_GLASS if refused.can_break_glass else ""
        raise FhirError(403, refused.reason + extra) from refused
    except Http404 as missing:
        raise FhirError(404, f"No Patient/{nhs_number} in the shared record.") from missing


def own_number(grant: Grant, nhs_number: str) -> PatientAccount:
    """The token holder's account, if ``nhs_number`` is theirs; 403 (audited) otherwise."""
    own = account(grant)
    if own is None or own.nhs_number != nhs_number:
        reason = "A patient token reads only its holder's own record."
        audit.record(
            "record.viewed_refused",
            f"record.person:{nhs_number}",
            by=grant.user,
            reason=reason,
            details={"nhs_numbers": [nhs_number], "channel": "fhir", "basis": "own_record"},
        )
        raise FhirError(403, reason)
    return own


def _own_record(grant: Grant, nhs_number: str) -> queries.Opened:
    opened = queries.patient_record(own_number(grant, nhs_number), channel="fhir")
    if opened is None:
        raise FhirError(404, f"No Patient/{nhs_number} in the shared record.")
    return opened


def find(grant: Grant, kind: str, **criteria) -> list:
    """People matching ``criteria`` (demographics only, audited as ``record.searched``)."""
    if kind == "patient":
        person = _own_record(grant, account(grant).nhs_number).person
        return [person] if _matches(person, criteria) else []
    system = record_system(grant.user)
    if system is None:
        raise FhirError(403, "Your account may not search shared records (no record.view).")
    try:
        return queries.find(grant.user, system, **criteria)
    except queries.Refused as refused:
        raise FhirError(403, refused.reason) from refused
    except ValueError as error:
        raise FhirError(400, str(error)) from error


def _matches(person, criteria: dict) -> bool:
    wanted = {
        "nhs_number": person.nhs_number,
        "family": person.family_name.casefold(),
        "given": person.given_name.casefold(),
        "birth_date": person.birth_date,
        "gender": person.sex,
    }
    for key, value in criteria.items():
        if isinstance(value, str) and key in ("family", "given"):
            value = value.strip().casefold()
        if value and wanted[key] != value:
            return False
    return True


def audit_events(grant: Grant, nhs_number: str) -> list:
    """The audit events naming this person, newest first: only for the person themselves."""
    own_number(grant, nhs_number)
    return audit_queries.about_person(nhs_number)
