"""The programme page's charts, drawn with ``web.charts``: its milestones on a timeline (each with
its status in words), its benefits over time (planned dashed, forecast, delivered) and the benefit
delivered each month as a statistical process control chart."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from engineroom.population.spc import SpcOptions, xmr
from engineroom.programmes.models import Milestone, Programme
from engineroom.programmes.queries import BenefitsRollup
from engineroom.web import charts, formatting
from engineroom.web.charts.spc import SpcFigure


def milestone_status(milestone: Milestone, today: dt.date) -> str:
    if milestone.actual_date:
        return "Complete"
    return "Late" if milestone.is_late(today) else "On track"


def milestone_timeline(
    programme: Programme, projects, *, today: dt.date, system_code: str, can_edit: bool
) -> charts.Chart | None:
    """Every milestone at its forecast (or actual) date; ``None`` without milestones."""
    rows = [
        charts.TimelineRow(
            label=f"{m.name}: {project.name}",
            end=m.actual_date or m.forecast_date,
            status=milestone_status(m, today),
            href=reverse("programmes:milestone", args=[system_code, programme.code, m.pk])
            if can_edit
            else "",
        )
        for project in projects
        for m in project.milestones.all()
    ]
    if not rows:
        return None
    return charts.timeline_chart(f"Milestones of {programme.name}", rows, today=today)


def benefits_chart(rollup: BenefitsRollup, *, today: dt.date) -> charts.Chart | None:
    """Planned (dashed), forecast and delivered benefits a month; delivered only for months
    that have ended. ``None`` without benefits."""
    months = rollup.by_month
    if not months:
        return None
    this_month = today.replace(day=1)
    series = [
        charts.Series("Planned", [(m, a.planned) for m, a in months.items()], dashed=True),
        charts.Series("Forecast", [(m, a.forecast) for m, a in months.items()]),
        charts.Series(
            "Delivered", [(m, a.delivered if m < this_month else None) for m, a in months.items()]
        ),
    ]
    return charts.line_chart(
        "Benefits by month",
        series,
        axis_label="Value (£)",
        tick_format=lambda pence: formatting.money_short(round(pence)),
    )


def delivered_spc(rollup: BenefitsRollup, *, today: dt.date) -> SpcFigure | None:
    """The benefit delivered in each month that has ended, as a Making Data Count chart with
    higher better: is delivery changing, or only varying as it usually does? ``None`` before two
    months have ended, as one month has no moving range and so no process limits.

    No target: the plan ramps up month by month, and assurance against it would speak for the
    last month's plan only; the chart above compares delivery with the plan month by month."""
    this_month = today.replace(day=1)
    months = [(m, a.delivered) for m, a in rollup.by_month.items() if m < this_month]
    if len(months) < 2:
        return None
    result = xmr([v for _, v in months], options=SpcOptions(improvement="increase"))
    chart = charts.spc_chart(
        "Benefit delivered by month, with its process limits",
        [m for m, _ in months],
        result,
        axis_label="Delivered (£)",
        tick_format=lambda pence: formatting.money_short(round(pence)),
        value_format=lambda pence: formatting.money(round(pence)),
        caption_detail="Delivered benefit is counted in the month it was delivered.",
    )
    return SpcFigure(chart, result)
