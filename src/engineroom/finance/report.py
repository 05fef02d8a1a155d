"""The board finance report: its figures, the accessible page, and a PDF laid out for print.

The PDF has its own template (``finance/report_pdf.html``) and print stylesheets
(``web/paper.css``, then ``finance/report_print.css``): A4, a running header with the system's
name and the report's year, a footer with the date it was produced and "Page 2 of 5", the
position chart drawn from the same ``web.charts`` SVG as the page, the totals, the partners' table and notes on reading it.
Summaries show rounded money (``£1.3m``), tables the full figure (``£1,284,310``), negatives in
brackets; no amount wraps.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from engineroom.finance import incentives, leftshift, presenters, queries
from engineroom.finance.position import position
from engineroom.system.models import System
from engineroom.web import downloads, periods

PRINT_CSS = Path(__file__).parent / "templates" / "finance" / "report_print.css"
PDF_TEMPLATE = "finance/report_pdf.html"


def figures(system: System, year: int) -> dict:
    """The report's figures: position and its chart, left shift, incentives, latest round."""
    current = position(system, year)
    latest = queries.rounds(system, year).first()
    schemes = [(s, incentives.options(s, current)) for s in queries.schemes(system, year)]
    return {
        "position": current,
        "chart": presenters.forecast_chart(current),
        "shift": leftshift.summary(leftshift.system_trend(system)),
        "schemes": [_scheme(scheme, options) for scheme, options in schemes],
        "latest_round": latest,
        "latest_transfers": list(queries.round_transfers(latest)) if latest else [],
    }


def _scheme(scheme, options: list[incentives.Option]) -> dict:
    chosen = next(o for o in options if o.chosen)
    return {
        "scheme": scheme,
        "if_hits": chosen.total("if_system_hits"),
        "if_misses": chosen.total("if_system_misses"),
        "chart": presenters.incentive_chart(scheme, options),
    }


def context(system: System, year: int, *, today: dt.date | None = None) -> dict:
    """Everything the PDF template shows."""
    return {
        "system": system,
        "year": year,
        "month_names": presenters.month_names(year),
        "meets_labels": presenters.MEETS,
        "produced": today or timezone.localdate(),
        **figures(system, year),
    }


def filename(system: System, year: int) -> str:
    return f"finance-report-{system.code}-{periods.year_label(year).replace('/', '-')}.pdf"


def pdf(system: System, year: int, *, base_url: str) -> downloads.Download:
    """The board report as an A4 PDF (WeasyPrint, through ``web.downloads``)."""
    html = render_to_string(PDF_TEMPLATE, context(system, year))
    return downloads.pdf(
        filename(system, year),
        html,
        base_url=base_url,
        stylesheets=[downloads.PAPER_CSS, PRINT_CSS],
    )
