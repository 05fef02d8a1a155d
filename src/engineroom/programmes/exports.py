"""Downloads: every register in one XLSX workbook (money in pence, written as pounds by
``web.downloads``), and reports and returns as PDF from the same HTML the page shows."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from engineroom.programmes import presenters, queries
from engineroom.programmes.models import HighlightReport
from engineroom.system.models import System
from engineroom.web import downloads
from engineroom.web.downloads import Column, Sheet

PRINT_CSS = Path(__file__).parent / "static" / "programmes" / "print.css"


def _programmes(system: System) -> Sheet:
    columns = ["Code", "Name", "Level", "SRO", "Lead", "Board", "Long Term Plan areas", "Status"]
    rows = [
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
        for p in queries.programmes_in(system)
    ]
    return Sheet("Programmes", [*columns, Column("% complete", "number")], rows)


def _milestones(system: System) -> Sheet:
    columns = ["Programme", "Project code", "Project", "Milestone"]
    dates = [Column(name, "date") for name in ("Baseline", "Forecast", "Actual")]
    rows = [
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
        for m in queries.milestones_in(system)
    ]
    return Sheet("Milestones", [*columns, *dates, "Late"], rows)


def _risks(system: System) -> Sheet:
    text = ["Programme", "Ref", "Title", "Cause", "Event", "Effect", "Owner"]
    scores = ["Inherent score", "Likelihood", "Impact", "Current score", "Target score"]
    columns = [
        *text,
        *(Column(name, "number") for name in scores),
        "Mitigations",
        Column("Review date", "date"),
        "Escalation",
        "Status",
    ]
    rows = [
        [
            *(r.programme.code, r.ref, r.title, r.cause, r.event, r.effect, r.owner),
            *(r.inherent_score, r.current_likelihood, r.current_impact),
            *(r.current_score, r.target_score, r.mitigations, r.review_date),
            r.get_escalation_display(),
            r.get_status_display(),
        ]
        for r in queries.risks_in(system)
    ]
    return Sheet("Risks", columns, rows)


def _issues(system: System) -> Sheet:
    columns = [
        *("Programme", "Ref", "Title", "Owner"),
        Column("Impact", "number"),
        Column("Raised", "date"),
        Column("Resolve by", "date"),
        *("Escalation", "Status", "From risk"),
    ]
    rows = [
        [
            *(i.programme.code, i.ref, i.title, i.owner, i.impact, i.raised_on, i.resolve_by),
            i.get_escalation_display(),
            i.get_status_display(),
            i.from_risk.ref if i.from_risk else "",
        ]
        for i in queries.issues_in(system)
    ]
    return Sheet("Issues", columns, rows)


def _benefits(system: System) -> Sheet:
    columns = [
        *("Programme", "Benefit", "Organisation", "Cash-releasing"),
        Column("Month", "date"),
        *(Column(name, "money") for name in ("Planned (£)", "Forecast (£)", "Delivered (£)")),
    ]
    rows = [
        [
            b.benefit.programme.code,
            b.benefit.description,
            b.benefit.organisation.name if b.benefit.organisation else "Whole system",
            "Yes" if b.benefit.cash_releasing else "No",
            b.month,
            b.planned_pence,
            b.forecast_pence,
            b.delivered_pence,
        ]
        for b in queries.benefit_months_in(system)
    ]
    return Sheet("Benefits", columns, rows)


def _dependencies(system: System) -> Sheet:
    columns = [
        *("Waiting programme", "Waiting project", "Awaited programme", "Awaited milestone"),
        Column("Needed by", "date"),
        Column("Forecast", "date"),
        "State",
    ]
    rows = [
        [
            e.target.code,
            e.dependency.dependent.name,
            e.source.code,
            e.dependency.milestone.name,
            e.dependency.needed_by,
            e.dependency.milestone.forecast_date,
            "Broken" if e.broken else "Holding",
        ]
        for e in queries.dependency_map(system).edges
    ]
    return Sheet("Dependencies", columns, rows)


REGISTERS = (_programmes, _milestones, _risks, _issues, _benefits, _dependencies)


def registers(system: System) -> downloads.Download:
    """Every register of the system, one sheet each."""
    return downloads.xlsx(
        f"{system.code}-programme-registers.xlsx", [sheet(system) for sheet in REGISTERS]
    )


def _pdf(filename: str, template: str, context: dict, *, base_url: str) -> downloads.Download:
    html = render_to_string(template, {**context, **presenters.TAGS, "for_print": True})
    return downloads.pdf(filename, html, base_url=base_url, stylesheets=[PRINT_CSS])


def report_pdf(report: HighlightReport, system: System, *, base_url: str) -> downloads.Download:
    """A monthly highlight report as PDF (the same partial the page shows)."""
    context = {"report": report, "programme": report.programme, "system": system}
    filename = f"{report.programme.code}-{report.month_slug}.pdf"
    return _pdf(filename, "programmes/print_report.html", context, base_url=base_url)


def quarterly_pdf(ret: queries.QuarterlyReturn, *, base_url: str) -> downloads.Download:
    """A quarterly assurance return as PDF."""
    filename = f"{ret.system.code}-assurance-return-{ret.quarter.slug}.pdf"
    context = {"ret": ret, "system": ret.system}
    return _pdf(filename, "programmes/print_quarterly.html", context, base_url=base_url)
