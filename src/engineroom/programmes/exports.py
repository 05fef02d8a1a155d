"""Exports: every register to XLSX (openpyxl), reports and returns to PDF (WeasyPrint) from the
same HTML the page shows."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from engineroom.programmes import services
from engineroom.programmes.models import BenefitMonth, Issue, Milestone
from engineroom.web import downloads

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pounds(pence: int) -> float:
    return round(pence / 100, 2)


def registers(system) -> dict[str, tuple[list[str], list[list]]]:
    """Each register as (header, rows); money in pounds with pence."""
    programmes = [
        [
            p.code,
            p.name,
            p.get_level_display(),
            p.sro,
            p.lead,
            p.board,
            ", ".join(p.ltp_area_labels()),
            p.get_status_display(),
            p.percent_complete,
        ]
        for p in services.programmes_in(system)
    ]
    milestones = [
        [
            m.project.programme.code,
            m.project.code,
            m.project.name,
            m.name,
            m.baseline_date,
            m.forecast_date,
            m.actual_date,
            "Late" if m.is_late() else "",
        ]
        for m in Milestone.objects.filter(project__programme__system=system).select_related(
            "project__programme"
        )
    ]
    risks = [
        [
            r.programme.code,
            r.ref,
            r.title,
            r.cause,
            r.event,
            r.effect,
            r.owner,
            r.inherent_score,
            r.current_likelihood,
            r.current_impact,
            r.current_score,
            r.target_score,
            r.mitigations,
            r.review_date,
            r.get_escalation_display(),
            r.get_status_display(),
        ]
        for r in services.risks_in(system)
    ]
    issues = [
        [
            i.programme.code,
            i.ref,
            i.title,
            i.owner,
            i.impact,
            i.raised_on,
            i.resolve_by,
            i.get_escalation_display(),
            i.get_status_display(),
            i.from_risk.ref if i.from_risk else "",
        ]
        for i in Issue.objects.filter(programme__system=system).select_related(
            "programme", "from_risk"
        )
    ]
    benefits = [
        [
            b.benefit.programme.code,
            b.benefit.description,
            b.benefit.organisation.name if b.benefit.organisation else "Whole system",
            "Yes" if b.benefit.cash_releasing else "No",
            b.month,
            _pounds(b.planned_pence),
            _pounds(b.forecast_pence),
            _pounds(b.delivered_pence),
        ]
        for b in BenefitMonth.objects.filter(benefit__programme__system=system)
        .select_related("benefit__programme", "benefit__organisation")
        .order_by("benefit__programme__name", "benefit__description", "month")
    ]
    graph = services.dependency_map(system)
    dependencies = [
        [
            e.target.programme.code,
            e.dependency.dependent.name,
            e.source.programme.code,
            e.dependency.milestone.name,
            e.dependency.needed_by,
            e.dependency.milestone.forecast_date,
            "Broken" if e.broken else "Holding",
        ]
        for e in graph.edges
    ]
    return {
        "programmes": (
            [
                "Code",
                "Name",
                "Level",
                "SRO",
                "Lead",
                "Board",
                "Long Term Plan areas",
                "Status",
                "% complete",
            ],
            programmes,
        ),
        "milestones": (
            [
                "Programme",
                "Project code",
                "Project",
                "Milestone",
                "Baseline",
                "Forecast",
                "Actual",
                "Late",
            ],
            milestones,
        ),
        "risks": (
            [
                "Programme",
                "Ref",
                "Title",
                "Cause",
                "Event",
                "Effect",
                "Owner",
                "Inherent score",
                "Likelihood",
                "Impact",
                "Current score",
                "Target score",
                "Mitigations",
                "Review date",
                "Escalation",
                "Status",
            ],
            risks,
        ),
        "issues": (
            [
                "Programme",
                "Ref",
                "Title",
                "Owner",
                "Impact",
                "Raised",
                "Resolve by",
                "Escalation",
                "Status",
                "From risk",
            ],
            issues,
        ),
        "benefits": (
            [
                "Programme",
                "Benefit",
                "Organisation",
                "Cash-releasing",
                "Month",
                "Planned (£)",
                "Forecast (£)",
                "Delivered (£)",
            ],
            benefits,
        ),
        "dependencies": (
            [
                "Waiting programme",
                "Waiting project",
                "Awaited programme",
                "Awaited milestone",
                "Needed by",
                "Forecast",
                "State",
            ],
            dependencies,
        ),
    }


def workbook(sheets: dict[str, tuple[list[str], list[list]]]) -> bytes:
    """The registers workbook; sheet names are the register names, capitalised."""
    return downloads.workbook_bytes(
        downloads.Sheet(title.capitalize(), *table) for title, table in sheets.items()
    )


PRINT_CSS = Path(__file__).parent / "static" / "programmes" / "print.css"


def pdf(template: str, context: dict, *, base_url: str) -> bytes:
    """A PDF of ``template`` (which includes the same partial the page shows)."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, {**context, "for_print": True})
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[CSS(filename=PRINT_CSS)])
