"""The briefing's XLSX and PDF: they download, and hold only suppressed counts."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from engineroom.evaluation import exports, presenters
from factories.evaluation import EvaluationFactory


def _published(value) -> bool:
    """A count as published: ``*`` (1-7), 0, or a multiple of 5 of at least 10."""
    return value == "*" or value == 0 or (isinstance(value, int) and value % 5 == 0 and value >= 10)


def test_the_xlsx_holds_the_briefing_with_only_suppressed_counts(system, analyst):
    evaluation = EvaluationFactory(system=system)
    evaluation.result["results"]["ae_attendances"]["events_treated"] = 3  # as if unsuppressed
    evaluation.result["cohort"]["matched_treated"] = 41
    evaluation.save()
    url = reverse("evaluation:export", args=[system.code, evaluation.pk, "xlsx"])
    response = analyst.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        f'evaluation-{system.code}-{evaluation.pk}.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Key points",
        "Method",
        "Cohort",
        "Balance",
        "Results",
        "Limitations",
    ]
    cohort = [row[1] for row in book["Cohort"].iter_rows(min_row=2, values_only=True)]
    assert cohort and all(_published(v) for v in cohort)
    results = list(book["Results"].iter_rows(min_row=2, values_only=True))
    events = [v for row in results for v in row[2:4]]
    assert events and all(_published(v) for v in events)
    ae = next(row for row in results if row[0] == "A&E attendances")
    assert ae[2] == "*" and ae[6] == 0.71


def test_the_pdf_briefing_downloads(system, analyst):
    evaluation = EvaluationFactory(system=system)
    response = analyst.get(reverse("evaluation:export", args=[system.code, evaluation.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_html_is_the_briefing_in_the_iau_order(system):
    from django.template.loader import render_to_string

    evaluation = EvaluationFactory(system=system)
    context = {"evaluation": evaluation, "system": system, **presenters.briefing(evaluation.result)}
    html = render_to_string(exports.PDF_TEMPLATE, context)
    order = [html.index(f"<h2>{h}</h2>") for h in ("Key points", "Method", "Balance", "Results")]
    assert order == sorted(order)
    assert "<svg" in html and "0.71" in html


def test_the_charts_draw_the_target_and_the_line_of_no_effect(system, analyst):
    evaluation = EvaluationFactory(system=system)
    page = analyst.get(reverse("evaluation:result", args=[system.code, evaluation.pk]))
    love, forest = page.context["love_plot"], page.context["forest_plot"]
    assert [t for t in love.shapes if t.kind == "text" and t.text == "Target 0.1"]
    assert [t for t in forest.shapes if t.kind == "text" and t.text == "No difference (1)"]
    # the suppressed ratio (deaths outside hospital) is not drawn; the others are, with CIs
    assert [row[0] for row in forest.table.rows] == [
        "A&E attendances",
        "Emergency admissions",
        "Length of stay (bed days per emergency admission)",
    ]
