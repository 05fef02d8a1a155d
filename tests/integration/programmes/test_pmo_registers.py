"""Risks and issues through the pages; the matrix; the dependency map; the registers export
reconciling with the pages, money in it written from pence."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.audit import actions as audit
from engineroom.audit.models import AuditEvent
from engineroom.programmes import queries
from engineroom.programmes.models import Dependency, Issue, Risk
from engineroom.web.downloads import MONEY_FORMAT
from factories.programmes import (
    BenefitMonthFactory,
    DependencyFactory,
    MilestoneFactory,
    ProgrammeFactory,
    RiskFactory,
)

PAST, FUTURE = dt.date(2020, 1, 1), dt.date(2099, 1, 1)


@pytest.fixture
def register(system):
    """Open risks at three places of the matrix (two overdue), and one closed risk."""
    stroke = ProgrammeFactory(system=system, code="stroke")
    cancer = ProgrammeFactory(system=system, code="cancer")
    RiskFactory(programme=stroke, current_likelihood=4, current_impact=3, review_date=PAST)
    RiskFactory(programme=cancer, current_likelihood=4, current_impact=3, review_date=FUTURE)
    RiskFactory(programme=cancer, current_likelihood=2, current_impact=5, review_date=PAST)
    RiskFactory(programme=stroke, current_likelihood=4, current_impact=3, status="closed")
    return system


def test_matrix_cells_link_to_the_risks_they_count(signed_in, member, register):
    client = signed_in(member("regulator"))
    url = reverse("programmes:risks", args=[register.code])
    page = client.get(url)
    counted = {(c.likelihood, c.impact): c.count for row in page.context["matrix"] for c in row}
    assert counted[(4, 3)] == 2 and counted[(2, 5)] == 1 and sum(counted.values()) == 3
    cell = next(c for row in page.context["matrix"] for c in row if c.count == 2)
    assert f"?likelihood={cell.likelihood}&amp;impact={cell.impact}" in page.content.decode()
    filtered = client.get(url, {"likelihood": cell.likelihood, "impact": cell.impact})
    assert len(filtered.context["risks"]) == cell.count
    assert all(r.current_likelihood == cell.likelihood for r, _ in filtered.context["risks"])
    assert b"12 High</strong>" in filtered.content


def test_overdue_reviews_are_flagged(signed_in, member, register):
    url = reverse("programmes:risks", args=[register.code])
    page = signed_in(member("pmo")).get(url, {"overdue": "1"})
    assert len(page.context["risks"]) == 2
    assert all(r.review_overdue() for r, _ in page.context["risks"])
    assert b"Overdue</strong>" in page.content


def test_a_risk_is_added_with_field_errors_then_becomes_an_issue(signed_in, member, system):
    client = signed_in(member("pmo"))
    programme = ProgrammeFactory(system=system, code="stroke")
    RiskFactory(programme=programme, ref="R001")
    url = reverse("programmes:risk-new", args=[system.code])
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
    assert risk.current_score == 4 and risk.inherent_score == 25 and risk.ref == "R002"
    assert AuditEvent.objects.filter(
        action="programmes.risk_created", subject=audit.subject(risk)
    ).exists()
    to_issue = reverse("programmes:risk-to-issue", args=[system.code, risk.pk])
    assert b"Enter a real date" in client.post(to_issue, {"resolve_by": "soon"}).content
    assert client.post(to_issue, {"resolve_by": "2030-02-01"}).status_code == 302
    risk.refresh_from_db()
    assert risk.status == "became_issue"
    issue = Issue.objects.get(from_risk=risk)
    assert issue.title == "Ambulance handovers" and issue.escalation == "system"
    assert issue.ref == "I001"
    again = client.post(to_issue, {"resolve_by": "2030-02-01"})  # not twice
    assert again.status_code == 200 and b"Only an open risk can become an issue." in again.content


def test_a_risk_is_changed_and_moved_to_another_programme(signed_in, member, system):
    stroke = ProgrammeFactory(system=system, code="stroke")
    cancer = ProgrammeFactory(system=system, code="cancer")
    risk = RiskFactory(programme=stroke)
    client = signed_in(member("pmo"))
    url = reverse("programmes:risk", args=[system.code, risk.pk])
    page = client.get(url)
    assert b"Turn risk" in page.content
    data = {**page.context["form"].initial, "programme": cancer.pk, "title": "Moved"}
    data = {k: v for k, v in data.items() if v is not None and k != "id"}
    assert client.post(url, data).status_code == 302
    risk.refresh_from_db()
    assert risk.programme == cancer and risk.title == "Moved"


def _dependencies(system):
    """A holding dependency and a broken one, between programmes of the system."""
    digital = ProgrammeFactory(system=system, code="digital")
    record = MilestoneFactory(project__programme=digital, forecast_date=dt.date(2030, 6, 30))
    holding = DependencyFactory(milestone=record, needed_by=dt.date(2030, 9, 1))
    broken = DependencyFactory(milestone=record, needed_by=dt.date(2030, 3, 1))
    return holding, broken


def test_registers_export_reconciles_with_the_pages(signed_in, member, system):
    _dependencies(system)
    BenefitMonthFactory(benefit__programme__system=system, planned_pence=250)
    BenefitMonthFactory(benefit__programme__system=system, planned_pence=1_234_567)
    client = signed_in(member("finance"))
    response = client.get(reverse("programmes:export", args=[system.code]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="{system.code}-programme-registers.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Programmes",
        "Milestones",
        "Risks",
        "Issues",
        "Benefits",
        "Dependencies",
    ]
    portfolio = client.get(reverse("programmes:portfolio", args=[system.code])).context
    planned = [r[5] for r in book["Benefits"].iter_rows(min_row=2, values_only=True)]
    assert round(sum(planned) * 100) == portfolio["benefits"].total.planned == 1_234_817
    assert book["Benefits"]["F2"].number_format == MONEY_FORMAT  # pence in, pounds shown
    assert book["Programmes"].max_row - 1 == len(portfolio["rows"])
    states = [r[6] for r in book["Dependencies"].iter_rows(min_row=2, values_only=True)]
    assert sorted(states) == ["Broken", "Holding"]


def test_the_dependency_map_draws_every_programme_and_names_the_broken(signed_in, member, system):
    holding, broken = _dependencies(system)
    page = signed_in(member("analyst")).get(reverse("programmes:dependencies", args=[system.code]))
    html = page.content.decode()
    assert page.context["graph"].broken[0].dependency == broken
    assert 'id="broken-1"' in html and 'id="broken-2"' not in html
    assert 'stroke-dasharray="8 4"' in html  # the broken line
    assert 'role="group"' in html  # the programmes link to their pages
    url = reverse("programmes:programme", args=[system.code, holding.dependent.programme.code])
    assert f'href="{url}"' in html


def test_a_slipping_milestone_is_updated_and_breaks_what_waits_on_it(signed_in, member, system):
    holding, _ = _dependencies(system)
    m = holding.milestone
    url = reverse("programmes:milestone", args=[system.code, m.project.programme.code, m.pk])
    client = signed_in(member("pmo"))
    assert b"Enter a real date" in client.post(url, {"forecast_date": "later"}).content
    late = holding.needed_by.replace(year=holding.needed_by.year + 1)
    assert client.post(url, {"forecast_date": late.isoformat()}).status_code == 302
    m.refresh_from_db()
    assert m.forecast_date == late and m.baseline_date != late
    assert Dependency.objects.get(pk=holding.pk).is_broken()
    assert len(queries.dependency_map(system).broken) == 2
    assert AuditEvent.objects.filter(
        action="programmes.milestone_updated", subject=audit.subject(m)
    ).exists()
