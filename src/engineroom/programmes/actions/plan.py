"""A programme's plan, added and changed in the pages: projects, milestones, benefits (with their
monthly values) and dependencies. Each function is atomic and audited once; anything the data
refuses is a ``ValidationError`` naming the field."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from engineroom.audit import actions as audit
from engineroom.programmes import rules
from engineroom.programmes.actions._common import _details, _validated
from engineroom.programmes.models import (
    Benefit,
    BenefitMonth,
    Dependency,
    Milestone,
    Programme,
    Project,
)

# --- Projects --------------------------------------------------------------------------------


def _check_project(project: Project) -> None:
    others = Project.objects.filter(programme=project.programme, code=project.code)
    if others.exclude(pk=project.pk).exists():
        raise ValidationError({"code": "Another project of this programme already uses this code."})
    if project.start_date and project.end_date and project.end_date < project.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date."})
    outside = [m.name for m in _milestones(project) if _outside(project, m)]
    if outside:
        raise ValidationError(
            {"end_date": f"These milestones would fall outside the project: {', '.join(outside)}."}
        )


def _milestones(project: Project) -> list[Milestone]:
    return list(project.milestones.all()) if project.pk else []


def _outside(project: Project, milestone: Milestone) -> bool:
    problems = rules.milestone_date_problems(
        project, baseline=milestone.baseline_date, forecast=None, actual=None, today=dt.date.today()
    )
    return bool(problems)


def _save(obj, fields: dict, check, event: str, *, by):
    """Set ``fields`` on a project or benefit, check it, save it and audit ``event``."""
    for name, value in fields.items():
        setattr(obj, name, value)
    check(obj)
    _validated(obj, {}).save()
    audit.record(event, audit.subject(obj), by=by, details=_details(fields))
    return obj


@transaction.atomic
def add_project(*, by, programme: Programme, **fields) -> Project:
    project = Project(programme=programme)
    return _save(project, fields, _check_project, "programmes.project_created", by=by)


@transaction.atomic
def change_project(*, by, project: Project, **fields) -> Project:
    return _save(project, fields, _check_project, "programmes.project_updated", by=by)


# --- Milestones ------------------------------------------------------------------------------


def _check_dates(milestone: Milestone, today: dt.date) -> None:
    errors = rules.milestone_date_problems(
        milestone.project,
        baseline=milestone.baseline_date,
        forecast=milestone.forecast_date,
        actual=milestone.actual_date,
        today=today,
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_milestone(
    *,
    by,
    project: Project,
    name: str,
    baseline_date: dt.date,
    forecast_date: dt.date | None = None,
    actual_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Milestone:
    """A new milestone due on ``baseline_date`` (forecast on it unless said otherwise)."""
    fields = {
        "name": name,
        "baseline_date": baseline_date,
        "forecast_date": forecast_date or baseline_date,
        "actual_date": actual_date,
    }
    milestone = Milestone(project=project, **fields)
    _check_dates(milestone, today or dt.date.today())
    _validated(milestone, {}).save()
    audit.record(
        "programmes.milestone_created", audit.subject(milestone), by=by, details=_details(fields)
    )
    return milestone


# --- Benefits --------------------------------------------------------------------------------


def _check_organisation(benefit: Benefit) -> None:
    org = benefit.organisation
    if org is not None and not org.footprints.filter(system=benefit.programme.system).exists():
        raise ValidationError({"organisation": "Choose an organisation of this system."})


@transaction.atomic
def add_benefit(*, by, programme: Programme, **fields) -> Benefit:
    benefit = Benefit(programme=programme)
    return _save(benefit, fields, _check_organisation, "programmes.benefit_created", by=by)


@transaction.atomic
def change_benefit(*, by, benefit: Benefit, **fields) -> Benefit:
    return _save(benefit, fields, _check_organisation, "programmes.benefit_updated", by=by)


@transaction.atomic
def record_benefit_month(
    *, by, benefit: Benefit, month: dt.date, today: dt.date | None = None, **amounts
) -> BenefitMonth:
    """Planned, forecast and delivered pence for one month (replacing what was there)."""
    if month.day != 1:
        raise ValidationError({"month": "A benefit is recorded for a whole month."})
    if amounts.get("delivered_pence") and month > (today or dt.date.today()):
        raise ValidationError(
            {"delivered_pence": "Nothing can be delivered in a month that has not started."}
        )
    row = BenefitMonth.objects.filter(benefit=benefit, month=month).first()
    row = _validated(row or BenefitMonth(benefit=benefit, month=month), amounts)
    row.save()
    details = _details({"month": f"{month:%Y-%m}", **amounts})
    audit.record(
        "programmes.benefit_month_recorded", audit.subject(benefit), by=by, details=details
    )
    return row


# --- Dependencies ----------------------------------------------------------------------------


def _check_dependency(dependency: Dependency) -> None:
    errors = rules.dependency_problems(dependency.dependent, dependency.milestone)
    if errors:
        raise ValidationError(errors)
    same = Dependency.objects.filter(
        dependent=dependency.dependent, milestone=dependency.milestone
    ).exclude(pk=dependency.pk)
    if same.exists():
        raise ValidationError({"milestone": "This project already waits on that milestone."})


def _dependency_details(dependency: Dependency) -> dict:
    return {
        "dependent": dependency.dependent.code,
        "milestone": dependency.milestone.pk,
        "needed_by": str(dependency.needed_by),
        "description": dependency.description,
    }


@transaction.atomic
def add_dependency(*, by, dependent: Project, milestone: Milestone, **fields) -> Dependency:
    """``dependent`` waits on ``milestone`` (of another project) by ``needed_by``."""
    dependency = Dependency(dependent=dependent, milestone=milestone, **fields)
    _check_dependency(dependency)
    _validated(dependency, {}).save()
    audit.record(
        "programmes.dependency_created",
        audit.subject(dependency),
        by=by,
        details=_dependency_details(dependency),
    )
    return dependency


@transaction.atomic
def change_dependency(
    *, by, dependency: Dependency, dependent: Project, milestone: Milestone, **fields
) -> Dependency:
    dependency.dependent, dependency.milestone = dependent, milestone
    for name, value in fields.items():
        setattr(dependency, name, value)
    _check_dependency(dependency)
    _validated(dependency, {}).save()
    audit.record(
        "programmes.dependency_updated",
        audit.subject(dependency),
        by=by,
        details=_dependency_details(dependency),
    )
    return dependency
