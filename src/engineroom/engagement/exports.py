"""A consultation's report as XLSX and as an A4 PDF, through the one export path
(``web.downloads``). Both hold what the results page shows and no more: suppressed counts,
percentages built on them, the summary, the themes with their (redacted) quotes and "you said,
we did"; never an answer's text beyond the quotes, never a respondent."""

from __future__ import annotations

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from engineroom.engagement.models import Consultation
from engineroom.engagement.presenters import results as presenters
from engineroom.engagement.queries import public as public_queries
from engineroom.web import downloads
from engineroom.web.downloads import Column, Sheet

FORMATS = ("xlsx", "pdf")
PDF_TEMPLATE = "engagement/report_pdf.html"


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404("A consultation's report downloads as XLSX or PDF.")


def report(consultation: Consultation, fmt: str, *, base_url: str) -> downloads.Download:
    check_format(fmt)
    context = presenters.report(consultation, quotes=True)
    context |= {
        "consultation": consultation,
        "system": consultation.system,
        "influences": public_queries.influences(consultation),
        "produced": timezone.localdate(),
    }
    name = f"{consultation.system.code}-{consultation.slug}"
    if fmt == "pdf":
        html = render_to_string(PDF_TEMPLATE, context)
        return downloads.pdf(
            f"{name}.pdf", html, base_url=base_url, stylesheets=[downloads.PAPER_CSS]
        )
    return downloads.xlsx(f"{name}.xlsx", sheets(context))


def sheets(context: dict) -> list[Sheet]:
    consultation = context["consultation"]
    summary = [
        ("Consultation", consultation.title),
        ("System", consultation.system.name),
        ("Status", consultation.get_status_display()),
        ("Responses", cell(context["responses"])),
        ("Summary", consultation.summary),
        *((f"Redacted: {kind}", cell(count)) for kind, count in context["redactions"]),
    ]
    return [
        Sheet("Summary", [Column("Item"), Column("Value")], summary),
        Sheet("Themes", THEME_COLUMNS, theme_rows(context["themes"])),
        Sheet("Agreement", AGREEMENT_COLUMNS, agreement_rows(context["agreement"])),
        Sheet("Who answered", REPRESENT_COLUMNS, represent_rows(context["represent"])),
        Sheet("You said, we did", DECISION_COLUMNS, decision_rows(context["influences"])),
    ]


THEME_COLUMNS = [
    Column("Question"),
    Column("Theme"),
    Column("Description"),
    Column("Answers mentioning it"),
    Column("Share of answers"),
    Column("Quotes (redacted)"),
]
AGREEMENT_COLUMNS = [
    Column("Question"),
    Column("Answer"),
    Column("Responses"),
    Column("Share"),
]
REPRESENT_COLUMNS = [
    Column("Dimension"),
    Column("Group"),
    Column("Respondents"),
    Column("Share of respondents"),
    Column("Registered population"),
    Column("Share of population"),
    Column("Ratio"),
]
DECISION_COLUMNS = [Column("Decision"), Column("Taken by"), Column("You said"), Column("We did")]


def cell(text: str):
    """A published count as a number a spreadsheet can sum ("1,235" -> 1235); "*" stays."""
    plain = text.replace(",", "") if isinstance(text, str) else text
    return int(plain) if isinstance(plain, str) and plain.isdigit() else text


def theme_rows(found) -> list[list]:
    return [
        [q.text, r.label, r.description, cell(r.count), r.share, " | ".join(r.quotes)]
        for q in found
        for r in q.rows
    ]


def agreement_rows(found) -> list[list]:
    rows = []
    for a in found:
        rows += [[a.text, option, cell(count), share] for option, count, share in a.options]
        rows += [[a.text, "Agree (all)", "", a.agree], [a.text, "Disagree (all)", "", a.disagree]]
    return rows


def represent_rows(table: dict) -> list[list]:
    return [
        [
            dimension,
            r.category,
            cell(r.respondents),
            r.respondent_share,
            cell(r.population),
            r.population_share,
            r.ratio,
        ]
        for dimension, found in table.items()
        for r in found
    ]


def decision_rows(influences) -> list[list]:
    return [
        [f"{i.decision.reference}: {i.decision.title}", i.decision.body.name, i.you_said, i.we_did]
        for i in influences
    ]
