"""Programmes: add and change them, and the rule that keeps their status in step with the
latest approved report."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.programmes import rules
from engineroom.programmes.actions._common import _details, _validated
from engineroom.programmes.models import (
    HighlightReport,
    Milestone,
    Programme,
    ReportStatus,
)
from engineroom.system.models import System


@transaction.atomic
def add_programme(*, by, system: System, **fields) -> Programme:
    programme = _validated(Programme(system=system), fields)
    programme.save()
    audit.record(
        "programmes.programme_created", audit.subject(programme), by=by, details=_details(fields)
    )
    return programme


def _check_status(programme: Programme) -> None:
    """Refuse a status that contradicts the latest approved report's overall rating."""
    latest = (
        HighlightReport.objects.filter(programme=programme, status=ReportStatus.APPROVED)
        .order_by("-month")
        .first()
    )
    problem = rules.status_problem(programme.status, latest.overall_rag if latest else "")
    if problem:
        raise ValidationError({"status": problem})


@transaction.atomic
def change_programme(*, by, programme: Programme, **fields) -> Programme:
    _validated(programme, fields)
    _check_status(programme)
    programme.save()
    audit.record(
        "programmes.programme_updated", audit.subject(programme), by=by, details=_details(fields)
    )
    return programme


def follow_rating(programme: Programme, rag: str) -> str:
    """Bring a programme's status in step with a newly approved rating (``rules.status_for``);
    returns the status, for the approval's audit details."""
    status = rules.status_for(programme.status, rag)
    if status != programme.status:
        programme.status = status
        programme.save(update_fields=["status"])
    return status


@transaction.atomic
def update_milestone(
    *,
    by,
    milestone: Milestone,
    forecast_date: dt.date,
    actual_date: dt.date | None,
    name: str | None = None,
    today: dt.date | None = None,
) -> Milestone:
    """A new forecast, or the date it was achieved (or a new name); the baseline never changes."""
    fields = {"forecast_date": forecast_date, "actual_date": actual_date}
    if name is not None:
        fields["name"] = name
    for key, value in fields.items():
        setattr(milestone, key, value)
    errors = rules.milestone_date_problems(
        milestone.project,
        baseline=None,
        forecast=forecast_date,
        actual=actual_date,
        today=today or dt.date.today(),
    )
    if errors:
        raise ValidationError(errors)
    _validated(milestone, {}).save()
    audit.record(
        "programmes.milestone_updated", audit.subject(milestone), by=by, details=_details(fields)
    )
    return milestone
