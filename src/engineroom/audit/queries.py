"""Reading the audit log (checking it is :mod:`engineroom.audit.integrity`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from engineroom.audit.models import AuditEvent


def events(*, since: dt.datetime | None = None) -> QuerySet[AuditEvent]:
    """Every event in sequence order, or those at or after ``since``."""
    found = AuditEvent.objects.order_by("seq")
    return found.filter(at__gte=since) if since is not None else found


def about_person(nhs_number: str, *, limit: int = 500) -> list[AuditEvent]:
    """The events that named this person (views, searches, worklists, refusals), newest first."""
    found = AuditEvent.objects.filter(people__nhs_number=nhs_number).order_by("-seq")
    return list(found.select_related("actor")[:limit])


def about(subject: str, *, limit: int = 200) -> list[AuditEvent]:
    """The events about one subject (``<app>.<model>:<pk>``), newest first: a thing's history."""
    found = AuditEvent.objects.filter(subject=subject).order_by("-seq")
    return list(found.select_related("actor")[:limit])
