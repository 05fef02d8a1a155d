"""What the public pages may read: consultations that are open or published, never drafts or
ones closed for analysis (Http404, so their existence is not given away)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from engineroom.engagement.models import Consultation, Influence, Question, Status
from engineroom.governance import public as governance
from engineroom.system.models import System

PUBLIC = (Status.OPEN, Status.PUBLISHED)


def consultations(system: System) -> QuerySet[Consultation]:
    """The system's open and published consultations, open ones first (then published), newest first."""
    rows = Consultation.objects.filter(system=system, status__in=PUBLIC)
    return rows.order_by("status", "-opens_on", "-created_at", "-pk")


def consultation(system: System, slug: str) -> Consultation:
    return get_object_or_404(consultations(system), slug=slug)


def open_consultation(system: System, slug: str) -> Consultation:
    """A consultation taking responses now (Http404 for any other)."""
    return get_object_or_404(consultations(system), slug=slug, status=Status.OPEN)


def published_consultation(system: System, slug: str) -> Consultation:
    return get_object_or_404(consultations(system), slug=slug, status=Status.PUBLISHED)


def questions(consultation: Consultation) -> QuerySet[Question]:
    return consultation.questions.order_by("position", "pk")


def influences(consultation: Consultation) -> list[Influence]:
    """ "You said, we did" whose decision the public may still read (a decision made
    confidential after it was linked drops out rather than being named)."""
    rows = consultation.influences.select_related("decision__body").order_by("recorded_at", "pk")
    return [i for i in rows if governance.is_public(i.decision)]
