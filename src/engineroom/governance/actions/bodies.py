"""Writing bodies, their memberships and the authority delegated to them (S4, S7)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.governance import queries, rules
from engineroom.governance.models import Body, Delegation, Member
from engineroom.system.models import System
from engineroom.web.formatting import money

BODY_FIELDS = (
    "code",
    "name",
    "kind",
    "level",
    "place",
    "neighbourhood",
    "reports_to",
    "terms_of_reference",
    "terms_published",
    "quorum_minimum",
    "quorum_each_party",
    "decision_mode",
    "cadence",
    "independent_chair",
    "published",
)


@transaction.atomic
def create_body(*, by, system: System, parties=None, **values) -> Body:
    """Add a body to the system; refuses a code in use, a level without its area, a cycle."""
    body = Body(system=system)
    _check_and_set(body, values, parties)
    audit.record("governance.body_created", audit.subject(body), by=by, details=_plain(values))
    return body


@transaction.atomic
def change_body(*, by, body: Body, parties=None, **values) -> Body:
    """Change a body; refuses a code in use, a level without its area and reports-to cycles."""
    _check_and_set(body, values, parties)
    audit.record("governance.body_changed", audit.subject(body), by=by, details=_plain(values))
    return body


def _check_and_set(body: Body, values: dict, parties) -> None:
    rules.check_level(values.get("level"), values.get("place"), values.get("neighbourhood"))
    if values.get("neighbourhood") and not values.get("place"):
        values["place"] = values["neighbourhood"].place
    existing = body if body.pk else None
    rules.check_reports_to(existing, values.get("reports_to"), body.system)
    code = values.get("code")
    if code and queries.code_taken(body.system, code, other_than=existing):
        raise ValidationError(
            {"code": f"Another body in {body.system.name} already uses “{code}”."}
        )
    for name in BODY_FIELDS:
        if name in values:
            setattr(body, name, values[name])
    body.save()
    if parties is not None:
        body.parties.set(parties)


def _plain(values: dict) -> dict:
    """Audit details as JSON: numbers, booleans and None kept, anything else as text."""
    return {k: v if isinstance(v, int | bool | type(None)) else str(v) for k, v in values.items()}


@transaction.atomic
def add_member(
    *, by, body: Body, person, role, organisation, voting, start_date, end_date=None
) -> Member:
    """Refuses a membership overlapping the person's other membership of the same body."""
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date."})
    clash = queries.overlapping_membership(body, person, start_date, end_date)
    if clash is not None:
        until = f" to {clash.end_date:%-d %B %Y}" if clash.end_date else ""
        raise ValidationError(
            {
                "start_date": f"{person.name} is already a member of {body.name} from "
                f"{clash.start_date:%-d %B %Y}{until}: memberships of one body cannot overlap."
            }
        )
    member = Member.objects.create(
        body=body,
        person=person,
        role=role,
        organisation=organisation,
        voting=voting,
        start_date=start_date,
        end_date=end_date,
    )
    details = {"body": body.code, "person": person.ref, "role": role, "voting": voting}
    audit.record("governance.member_added", audit.subject(member), by=by, details=details)
    return member


@transaction.atomic
def end_member(*, by, member: Member, end_date: dt.date) -> Member:
    if end_date < member.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date."})
    member.end_date = end_date
    member.save(update_fields=["end_date"])
    details = {"end_date": str(end_date)}
    audit.record("governance.member_ended", audit.subject(member), by=by, details=details)
    return member


@transaction.atomic
def add_delegation(
    *,
    by,
    body: Body,
    category: str,
    limit_pence: int,
    source: str,
    start_date: dt.date,
    delegated_by: Body | None = None,
    source_organisation=None,
    requires_ratification: bool = True,
    end_date: dt.date | None = None,
) -> Delegation:
    """Refuses a delegation above what the delegating body itself holds."""
    _check_delegation(body, category, limit_pence, start_date, delegated_by, source_organisation)
    delegation = Delegation.objects.create(
        body=body,
        category=category,
        limit_pence=limit_pence,
        delegated_by=delegated_by,
        source_organisation=source_organisation,
        source=source,
        requires_ratification=requires_ratification,
        start_date=start_date,
        end_date=end_date,
    )
    details = {"body": body.code, "category": category, "limit": limit_pence}
    audit.record("governance.delegation_added", audit.subject(delegation), by=by, details=details)
    return delegation


def _check_delegation(body, category, limit_pence, on, delegated_by, source_organisation) -> None:
    if limit_pence < 0:
        raise ValidationError({"limit": "The financial limit cannot be negative."})
    if delegated_by is None and source_organisation is None:
        raise ValidationError(
            {"delegated_by": "Name the body or statutory organisation that delegates this."}
        )
    if delegated_by is None:
        return
    if delegated_by.pk == body.pk:
        raise ValidationError({"delegated_by": "A body cannot delegate to itself."})
    own = queries.delegated_limit(delegated_by, category, on)
    if own is None:
        raise ValidationError(
            {
                "delegated_by": f"{delegated_by.name} holds no delegation for this category "
                "to pass on."
            }
        )
    if limit_pence > own:
        raise ValidationError(
            {
                "limit": f"{money(limit_pence)} is above {delegated_by.name}'s own limit of "
                f"{money(own)} for this category."
            }
        )
