"""An evaluation's briefing as XLSX and as an A4 PDF, through the one export path
(``web.downloads``). Both hold only what the page shows: the engine's suppressed briefing, with
every count passed through the one suppression function again on the way out."""

from __future__ import annotations

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from engineroom.evaluation import presenters
from engineroom.evaluation.models import Evaluation
from engineroom.population.phm.suppression import publishable
from engineroom.web import downloads
from engineroom.web.downloads import Column

FORMATS = ("xlsx", "pdf")
PDF_TEMPLATE = "evaluation/result_pdf.html"
RESULT_COLUMNS = [
    Column("Outcome"),
    Column("Per"),
    Column("Events, listed homes", "number"),
    Column("Events, matched comparison", "number"),
    Column("Mean per person, listed homes", "number"),
    Column("Mean per person, matched comparison", "number"),
    Column("Rate ratio", "number"),
    Column("95% CI lower", "number"),
    Column("95% CI upper", "number"),
    Column("p", "number"),
]
BALANCE_COLUMNS = (
    [Column("Covariate")]
    + [
        Column(h, "number")
        for h in (
            "Mean, listed homes",
            "Mean, comparison pool",
            "Mean, matched comparison",
            "SMD before",
            "SMD after",
            "Variance ratio after",
        )
    ]
    + [Column("Balanced (|SMD| <= 0.1)")]
)


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404("evaluations download as XLSX or PDF")


def filename(evaluation: Evaluation, fmt: str) -> str:
    return f"evaluation-{evaluation.system.code}-{evaluation.pk}.{fmt}"


def result_rows(results: dict) -> list[list]:
    keys = ("mean_treated", "mean_control", "rate_ratio", "ci_low", "ci_high", "p")
    return [
        [
            presenters.OUTCOMES.get(name, name),
            est.get("per", ""),
            publishable(est.get("events_treated")),
            publishable(est.get("events_control")),
            *(est.get(k) for k in keys),
        ]
        for name, est in presenters.in_order(results, presenters.OUTCOMES)
    ]


def balance_rows(table: list[dict]) -> list[list]:
    keys = ("mean_treated", "mean_pool", "mean_matched_controls", "smd_before", "smd_after")
    return [
        [
            presenters.COVARIATES.get(r["covariate"], r["covariate"]),
            *(r.get(k) for k in (*keys, "variance_ratio")),
            "Yes" if r.get("balanced") else "No",
        ]
        for r in table
    ]


def sheets(evaluation: Evaluation) -> list[downloads.Sheet]:
    result = evaluation.result or {}
    shown = presenters.briefing(result)
    about = [
        ["Evaluation", evaluation.name],
        ["Intervention", evaluation.description],
        ["Homes", ", ".join(evaluation.homes)],
        ["Start", evaluation.start.isoformat()],
        *([label, text] for label, text in shown["method"]),
    ]
    cohort = [
        [presenters.COHORT.get(k, k), publishable(v)]
        for k, v in presenters.in_order(result.get("cohort"), presenters.COHORT)
    ]
    return [
        downloads.Sheet("Key points", ["Key point"], [[p] for p in shown["key_points"]]),
        downloads.Sheet("Method", [Column("Item"), Column("Detail")], about),
        downloads.Sheet("Cohort", [Column("Group"), Column("Residents", "number")], cohort),
        downloads.Sheet("Balance", BALANCE_COLUMNS, balance_rows(result.get("balance", []))),
        downloads.Sheet("Results", RESULT_COLUMNS, result_rows(result.get("results", {}))),
        downloads.Sheet("Limitations", ["Limitation"], [[t] for t in shown["limitations"]]),
    ]


def xlsx(evaluation: Evaluation) -> downloads.Download:
    return downloads.xlsx(filename(evaluation, "xlsx"), sheets(evaluation))


def pdf(evaluation: Evaluation, *, base_url: str) -> downloads.Download:
    """The briefing as an A4 PDF (WeasyPrint, through ``web.downloads``)."""
    context = {
        "evaluation": evaluation,
        "system": evaluation.system,
        "produced": timezone.localdate(),
        **presenters.briefing(evaluation.result or {}),
    }
    html = render_to_string(PDF_TEMPLATE, context)
    name = filename(evaluation, "pdf")
    return downloads.pdf(name, html, base_url=base_url, stylesheets=[downloads.PAPER_CSS])
