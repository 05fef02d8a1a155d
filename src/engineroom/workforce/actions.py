"""Writing the engine room: one function per use case, each atomic and audited once.

Every function takes the person acting as keyword-only ``by=`` and raises ``ValidationError``
for anything the data refuses (shown on the form).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q

from engineroom.audit import actions as audit
from engineroom.system.models import Person, System
from engineroom.workforce.models import (
    Appointment,
    BudgetPartner,
    Contribution,
    ContributionKind,
    FundingLine,
    Post,
)


def _validated(instance: models.Model, fields: dict) -> models.Model:
    """Apply ``fields`` and check the row as the model does (ValidationError if not valid)."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    return instance


def _details(fields: dict) -> dict:
    return {name: str(value) for name, value in fields.items()}


@transaction.atomic
def add_post(*, by, system: System, skills_needed=(), **fields) -> Post:
    """A new engine-room post; the programme it works on must be one of the system's."""
    programme = fields.get("programme")
    if programme is not None and programme.system_id != system.pk:
        raise ValidationError({"programme": "Choose a programme of this system."})
    post = _validated(Post(system=system), fields)
    post.save()
    post.skills_needed.set(skills_needed)
    audit.record("workforce.post_created", audit.subject(post), by=by, details=_details(fields))
    return post


def _person_named(name: str, system: System) -> Person:
    """The person of that name already appointed in the system, or a new person."""
    person = Person.objects.filter(name=name, appointments__post__system=system).first()
    if person is None:
        ref = f"er-{system.code}-{Person.objects.count() + 1}"
        person = Person.objects.create(ref=ref[:40], name=name)
    return person


@transaction.atomic
def appoint(*, by, post: Post, person_name: str, skills_held=(), **fields) -> Appointment:
    """Appoint a named person (created if new) to a post that is free from the start date."""
    start = fields.get("start_date")
    filled = Q(end_date__isnull=True) | Q(end_date__gte=start)
    if start and Appointment.objects.filter(filled, post=post).exists():
        raise ValidationError(
            {"start_date": "The post is filled on that date. End the current appointment first."}
        )
    person = _person_named(person_name, post.system)
    appointment = _validated(Appointment(post=post, person=person), fields)
    appointment.save()
    appointment.skills_held.set(skills_held)
    audit.record(
        "workforce.appointment_created",
        audit.subject(appointment),
        by=by,
        details=_details({"post": post.ref, "person": person_name, **fields}),
    )
    return appointment


@transaction.atomic
def add_funding_line(*, by, post: Post, **fields) -> FundingLine:
    line = _validated(FundingLine(post=post), fields)
    line.save()
    audit.record(
        "workforce.funding_line_created",
        audit.subject(line),
        by=by,
        details=_details({"post": post.ref, **fields}),
    )
    return line


@transaction.atomic
def add_contribution(*, by, partner: BudgetPartner, **fields) -> Contribution:
    """Cash, or seconded staff valued at cost (naming the secondment), into a pooled budget."""
    appointment = fields.get("appointment")
    if fields.get("kind") == ContributionKind.IN_KIND and appointment is None:
        raise ValidationError({"appointment": "Name the secondment this in-kind value is for."})
    if appointment is not None and appointment.post.system_id != partner.budget.system_id:
        raise ValidationError({"appointment": "Choose a secondment into this system."})
    contribution = _validated(Contribution(partner=partner), fields)
    contribution.save()
    audit.record(
        "workforce.contribution_created",
        audit.subject(contribution),
        by=by,
        details=_details({"budget": partner.budget.code, "partner": partner.name, **fields}),
    )
    return contribution
