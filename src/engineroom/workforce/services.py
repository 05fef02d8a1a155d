"""Engine-room posts, appointments and funding lines: writes (one transaction, audited) and the
views of them: vacancies and skills gaps. Funding mix and cliff are in ``funding.py``; pooled
budgets in ``pooled.py``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q

from engineroom.audit import actions as audit
from engineroom.system.models import Person, System
from engineroom.workforce.models import Appointment, FundingLine, Post, Skill


def _save(instance: models.Model, fields: dict, *, by, action: str, subject: str, m2m=None):
    created = instance.pk is None
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
        audit.record(
            f"workforce.{action}_{'created' if created else 'updated'}",
            subject.format(instance=instance),
            by=by,
            details={k: str(v) for k, v in fields.items()},
        )
    return instance


def save_post(*, by, system: System, post: Post | None = None, skills_needed=None, **fields):
    post = post or Post(system=system)
    if post.system_id != system.pk:
        raise ValidationError("That post belongs to another system.")
    programme = fields.get("programme")
    if programme is not None and programme.system_id != system.pk:
        raise ValidationError({"programme": "Choose a programme of this system."})
    m2m = {"skills_needed": skills_needed} if skills_needed is not None else None
    return _save(post, fields, by=by, action="post", subject="post:{instance.pk}", m2m=m2m)


def appoint(*, by, post: Post, person_name: str, skills_held=None, **fields) -> Appointment:
    """Appoint a named person (created if new) to a post."""
    if (
        fields.get("start_date")
        and Appointment.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=fields["start_date"]), post=post
        ).exists()
    ):
        raise ValidationError(
            {"start_date": "The post is filled on that date. End the current appointment first."}
        )
    with transaction.atomic():
        person = Person.objects.filter(name=person_name, appointments__post__system=post.system)
        person = person.first()
        if person is None:
            ref = f"er-{post.system.code}-{Person.objects.count() + 1}"
            person = Person.objects.create(ref=ref[:40], name=person_name)
        return _save(
            Appointment(post=post, person=person),
            fields,
            by=by,
            action="appointment",
            subject="appointment:{instance.pk}",
            m2m={"skills_held": skills_held or []},
        )


def end_appointment(*, by, appointment: Appointment, end_date: dt.date) -> Appointment:
    return _save(
        appointment,
        {"end_date": end_date},
        by=by,
        action="appointment",
        subject="appointment:{instance.pk}",
    )


def add_funding_line(*, by, post: Post, **fields) -> FundingLine:
    return _save(
        FundingLine(post=post), fields, by=by, action="funding_line", subject=f"post:{post.pk}"
    )


def posts_in(system: System):
    return Post.objects.filter(system=system).select_related("host_employer", "programme")


def current_appointment(post: Post, on: dt.date) -> Appointment | None:
    return next((a for a in post.appointments.all() if a.is_current(on)), None)


def posts_with_current(system: System, on: dt.date | None = None):
    """Posts with their current appointment (or None) and current funding lines, prefetched."""
    on = on or dt.date.today()
    posts = posts_in(system).prefetch_related(
        "appointments__person",
        "appointments__skills_held",
        "funding_lines__funder",
        "skills_needed",
    )
    rows = []
    for post in posts:
        lines = [
            f
            for f in post.funding_lines.all()
            if f.start_date <= on and (f.end_date is None or f.end_date >= on)
        ]
        rows.append((post, current_appointment(post, on), lines))
    return rows


def vacancies(system: System, on: dt.date | None = None) -> list[Post]:
    return [post for post, current, _ in posts_with_current(system, on) if current is None]


@dataclass
class SkillGap:
    skill: Skill
    needed: int  # posts needing it
    held: int  # of those, filled by someone who holds it
    posts_without: list[Post]

    @property
    def gap(self) -> int:
        return self.needed - self.held


def skills_gaps(system: System, on: dt.date | None = None) -> list[SkillGap]:
    """For each skill posts need: how many posts' current holders lack it (vacancies included)."""
    needed = defaultdict(list)
    held = defaultdict(int)
    skills = {}
    for post, current, _ in posts_with_current(system, on):
        have = {s.pk for s in current.skills_held.all()} if current else set()
        for skill in post.skills_needed.all():
            skills[skill.pk] = skill
            if skill.pk in have:
                held[skill.pk] += 1
            else:
                needed[skill.pk].append(post)
    gaps = [
        SkillGap(skill, held[pk] + len(needed[pk]), held[pk], needed[pk])
        for pk, skill in skills.items()
    ]
    return sorted(gaps, key=lambda g: (-g.gap, g.skill.name))
