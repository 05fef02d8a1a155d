"""Risks and issues through the pages; the matrix; registers export reconciling with the pages."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from engineroom.programmes.models import Issue, Programme, Risk

MAIN = "vale-downs"


def test_matrix_cells_link_to_the_risks_they_count(client_for):
    client = client_for("regulator")
    page = client.get(reverse("programmes:risks", args=[MAIN]))
    cell = next(c for row in page.context["matrix"] for c in row if c.count)
    assert f"?likelihood={cell.likelihood}&amp;impact={cell.impact}" in page.content.decode()
    filtered = client.get(
        reverse("programmes:risks", args=[MAIN]),
        {"likelihood": cell.likelihood, "impact": cell.impact},
    )
    assert len(filtered.context["risks"]) == cell.count
    assert all(r.current_likelihood == cell.likelihood for r, _ in filtered.context["risks"])


def test_overdue_reviews_are_flagged(client_for):
    page = client_for("pmo").get(reverse("programmes:risks", args=[MAIN]), {"overdue": "1"})
    assert page.context["risks"] and all(r.review_overdue() for r, _ in page.context["risks"])
    assert b"Overdue</strong>" in page.content


def test_a_risk_is_added_with_field_errors_then_becomes_an_issue(client_for, main_system):
    client = client_for("pmo")
    programme = Programme.objects.get(system=main_system, code="stroke")
    url = reverse("programmes:risk-new", args=[MAIN])
    data = {
        "programme": programme.pk,
        "title": "Ambulance handovers",
        "cause": "Crowding",
        "event": "Handovers exceed an hour",
        "effect": "Harm",
        "owner": "COO",
        "inherent_likelihood": 5,
        "inherent_impact": 5,
        "current_likelihood": 2,
        "current_impact": 2,
        "target_likelihood": 4,
        "target_impact": 4,
        "review_date": "2030-01-01",
        "escalation": "system",
    }
    bad = client.post(url, data)
    assert b"The target score cannot be above the current score." in bad.content
    assert b"nhsuk-error-summary" in bad.content
    assert client.post(url, {**data, "target_likelihood": 1, "target_impact": 1}).status_code == 302
    risk = Risk.objects.get(programme=programme, title="Ambulance handovers")
    assert risk.current_score == 4 and risk.inherent_score == 25
    to_issue = reverse("programmes:risk-to-issue", args=[MAIN, risk.pk])
    assert b"Enter a valid date" in client.post(to_issue, {"resolve_by": "soon"}).content
    assert client.post(to_issue, {"resolve_by": "2030-02-01"}).status_code == 302
    risk.refresh_from_db()
    assert risk.status == "became_issue"
    issue = Issue.objects.get(from_risk=risk)
    assert issue.title == "Ambulance handovers" and issue.escalation == "system"
    assert client.post(to_issue, {"resolve_by": "2030-02-01"}).status_code == 200  # not twice


def test_registers_export_reconciles_with_the_pages(client_for, main_system):
    client = client_for("finance")
    book = load_workbook(io.BytesIO(client.get(reverse("programmes:export", args=[MAIN])).content))
    assert book.sheetnames == [
        "Programmes",
        "Milestones",
        "Risks",
        "Issues",
        "Benefits",
        "Dependencies",
    ]
    portfolio = client.get(reverse("programmes:portfolio", args=[MAIN])).context
    planned = sum(r[5] for r in book["Benefits"].iter_rows(min_row=2, values_only=True))
    assert round(planned * 100) == portfolio["benefits"].total.planned
    assert book["Programmes"].max_row - 1 == len(portfolio["rows"])
    states = [r[6] for r in book["Dependencies"].iter_rows(min_row=2, values_only=True)]
    assert states.count("Broken") == 1


def test_a_slipping_milestone_is_updated_and_breaks_what_waits_on_it(client_for, main_system):
    from engineroom.programmes.models import Dependency
    from engineroom.programmes.services import dependency_map

    holding = next(e for e in dependency_map(main_system).edges if not e.broken)
    m = holding.dependency.milestone
    url = reverse("programmes:milestone", args=[MAIN, m.project.programme.code, m.pk])
    client = client_for("pmo")
    assert b"Enter a valid date" in client.post(url, {"forecast_date": "later"}).content
    late = holding.dependency.needed_by.replace(year=holding.dependency.needed_by.year + 1)
    assert client.post(url, {"forecast_date": late.isoformat()}).status_code == 302
    m.refresh_from_db()
    assert m.forecast_date == late and m.baseline_date != late
    assert Dependency.objects.get(pk=holding.dependency.pk).is_broken()
    assert len(dependency_map(main_system).broken) == 2
