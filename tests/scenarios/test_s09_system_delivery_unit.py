"""S9 Lincolnshire system delivery unit: each programme has a plan and a monthly progress report
against objectives, savings, resources, issues and risks, visible to all partners."""

import datetime as dt

from django.urls import reverse

from engineroom.programmes.models import Programme
from factories.accounts import UserFactory

MAIN = "vale-downs"


def test_every_partner_sees_the_portfolio_with_each_programmes_latest_report(client_for):
    for role in ("finance", "governance", "analyst", "system_leader"):
        page = client_for(role).get(reverse("programmes:portfolio", args=[MAIN]))
        assert page.status_code == 200
        rows = page.context["rows"]
        assert len(rows) == 17
        assert all(row.latest is not None for row in rows)
        assert b'id="portfolio"' in page.content


def test_a_programme_page_shows_its_plan_savings_resources_issues_and_risks(client_for):
    page = client_for("finance").get(reverse("programmes:programme", args=[MAIN, "stroke"]))
    html = page.content.decode()
    programme = Programme.objects.get(system__code=MAIN, code="stroke")
    assert programme.objectives in html
    for project in programme.projects.all():
        assert project.name in html
    for risk in programme.risks.all():
        assert risk.title in html
    assert page.context["benefits"].total.planned > 0
    assert 'id="resources"' in html
    staffed = Programme.objects.filter(system__code=MAIN, posts__isnull=False).first()
    other = client_for("governance").get(reverse("programmes:programme", args=[MAIN, staffed.code]))
    assert other.context["resources"]["posts"]
    assert staffed.posts.first().title in other.content.decode()
    assert "Monthly highlight reports" in html and 'id="reports"' in html


def test_portfolio_totals_match_the_sum_of_programmes(client_for):
    page = client_for("system_leader").get(reverse("programmes:portfolio", args=[MAIN]))
    total = page.context["benefits"].total
    assert sum(r.benefits.planned for r in page.context["rows"]) == total.planned
    assert sum(r.benefits.delivered for r in page.context["rows"]) == total.delivered


def test_the_portfolio_can_be_filtered_by_long_term_plan_area(client_for):
    page = client_for("analyst").get(reverse("programmes:portfolio", args=[MAIN]) + "?area=cancer")
    assert [r.programme.code for r in page.context["rows"]] == ["cancer"]


def test_the_pmo_writes_submits_and_another_approves_a_monthly_report(client_for, main_system):
    client = client_for("pmo")
    month = f"{dt.date.today():%Y-%m}"  # the month due: the demo reports every earlier one
    url = reverse("programmes:report-new", args=[MAIN, "stroke"])
    bad = client.post(url, {"month": "April", "overall_rag": "purple"})
    assert bad.status_code == 200
    assert b"nhsuk-error-summary" in bad.content
    assert b"Choose a month from the list" in bad.content
    done = client.post(
        url,
        {
            "month": month,
            "overall_rag": "amber",
            "schedule_rag": "green",
            "finance_rag": "amber",
            "risk_rag": "red",
            "commentary": "Recruitment slipped a month.",
            "achievements": "Hyper-acute unit business case approved.",
            "next_steps": "Go live.",
            "decisions_needed": "Agree the capital bid.",
        },
    )
    report_url = reverse("programmes:report", args=[MAIN, "stroke", month])
    assert done.status_code == 302 and done.url == report_url
    client.post(reverse("programmes:report-submit", args=[MAIN, "stroke", month]))
    refused = client.post(reverse("programmes:report-approve", args=[MAIN, "stroke", month]))
    assert not client.get(report_url).context["report"].locked and refused.status_code == 302
    client.force_login(UserFactory.with_role("pmo", system=main_system))  # a second officer
    client.post(reverse("programmes:report-approve", args=[MAIN, "stroke", month]))
    page = client.get(report_url)
    assert page.context["report"].locked
    assert "Recruitment slipped a month." in page.content.decode()
    assert [v.action for v in page.context["versions"]] == ["approved", "submitted", "created"]
