"""Funding cliff, continued funding lines, equal and agreed shares, posts and appointments; the
funding charts; the export's money in pence."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.audit import actions as audit
from engineroom.audit.models import AuditEvent
from engineroom.web.downloads import MONEY_FORMAT
from engineroom.workforce import actions, presenters, queries, rules
from engineroom.workforce.models import FundingLine, Post
from factories.programmes import ProgrammeFactory
from factories.system import SystemFactory, organisation_in
from factories.workforce import (
    AppointmentFactory,
    BudgetPartnerFactory,
    ContributionFactory,
    FundingLineFactory,
    PooledBudgetFactory,
    PostFactory,
)

TODAY = dt.date(2030, 1, 15)


@pytest.fixture
def post(system, member):
    return actions.add_post(
        by=member("pmo"),
        system=system,
        ref="test-post",
        title="Test analyst",
        team="Analytics",
        band="7",
        wte=Decimal("1.0"),
        host_employer=organisation_in(system, ods_code="QZ1"),
        annual_cost_pence=5_000_000,
    )


def _items(system, months, on):
    return {i.post.ref: i for i in queries.cliff(system, months, on).items}


def test_a_funding_line_ending_is_a_cliff_unless_another_continues_it(post, system, member):
    pmo = member("pmo")
    actions.add_funding_line(
        by=pmo,
        post=post,
        source="transformation",
        annual_amount_pence=5_000_000,
        start_date=dt.date(2029, 4, 1),
        end_date=dt.date(2030, 3, 31),
    )
    assert "test-post" not in _items(system, 3, dt.date(2029, 10, 1))
    item = _items(system, 3, TODAY)["test-post"]
    assert item.cost_at_risk_pence == 5_000_000 and item.date == dt.date(2030, 3, 31)
    assert item.reasons == ["Non-recurrent transformation funding ends 31 March 2030"]
    actions.add_funding_line(
        by=pmo,
        post=post,
        source="pooled",
        annual_amount_pence=5_000_000,
        start_date=dt.date(2030, 4, 1),
    )
    assert "test-post" not in _items(system, 3, TODAY)
    line = FundingLine.objects.filter(post=post).first()
    assert AuditEvent.objects.filter(
        action="workforce.funding_line_created", subject=audit.subject(line)
    ).exists()


def test_a_fixed_term_contract_ending_puts_the_person_and_post_cost_at_risk(post, system, member):
    actions.appoint(
        by=member("pmo"),
        post=post,
        person_name="Test Person",
        kind="fixed_term",
        start_date=dt.date(2029, 1, 1),
        end_date=dt.date(2030, 6, 30),
    )
    assert "test-post" not in _items(system, 3, TODAY)
    cliff = queries.cliff(system, 6, TODAY)
    item = _items(system, 6, TODAY)["test-post"]
    assert item.appointment.person.name == "Test Person"
    assert item.cost_at_risk_pence == 5_000_000 and cliff.people == 1
    assert item.reasons == ["fixed-term contract ends 30 June 2030"]
    with pytest.raises(ValidationError):
        actions.appoint(
            by=member("pmo"),
            post=post,
            person_name="Second",
            kind="permanent",
            start_date=dt.date(2030, 1, 1),
        )


def test_equal_shares_split_odd_pence_and_agreed_shares_follow_percentages(system):
    budget = PooledBudgetFactory(system=system, cap_pence=100, share_rule="equal")
    partners = [BudgetPartnerFactory(budget=budget, name=n) for n in "ABC"]
    assert rules.expected_shares(budget, partners) == [34, 33, 33]
    budget.share_rule = "agreed"
    for p, share in zip(partners, [50, 30, 20], strict=True):
        p.agreed_share = Decimal(share)
    assert rules.expected_shares(budget, partners) == [50, 30, 20]
    assert queries.reconcile(budget).headroom_pence == 100


def test_a_reconciliation_says_what_is_short_over_or_square(system):
    budget = PooledBudgetFactory(system=system, cap_pence=30_000_000)
    partners = [BudgetPartnerFactory(budget=budget) for _ in range(3)]
    for p in partners[:2]:
        ContributionFactory(partner=p, amount_pence=10_000_000)
    status = presenters.reconciliation_status(queries.reconcile(budget))
    assert status == presenters.Status("£100,000 of the cap is not yet contributed.", True)
    ContributionFactory(partner=partners[2], amount_pence=10_000_000)
    rec = queries.reconcile(budget)
    assert rec.reconciles and not presenters.reconciliation_status(rec).warning
    ContributionFactory(partner=partners[2], amount_pence=250)
    status = presenters.reconciliation_status(queries.reconcile(budget))
    assert status.text == "Contributions exceed the cap by £3." and status.warning


def test_a_funding_line_must_be_positive(post, member):
    with pytest.raises(ValidationError):
        actions.add_funding_line(
            by=member("pmo"),
            post=post,
            source="pooled",
            annual_amount_pence=0,
            start_date=TODAY,
        )
    assert not FundingLine.objects.filter(post=post).exists()


def test_a_post_works_only_on_a_programme_of_its_system(system, member):
    elsewhere = ProgrammeFactory(system=SystemFactory())
    with pytest.raises(ValidationError, match="Choose a programme of this system"):
        actions.add_post(
            by=member("pmo"),
            system=system,
            ref="p",
            title="Analyst",
            team="PMO",
            band="7",
            wte=Decimal("1.0"),
            host_employer=organisation_in(system),
            annual_cost_pence=1,
            programme=elsewhere,
        )


def test_posts_are_added_and_appointed_through_the_pages(signed_in, member, system):
    client = signed_in(member("pmo"))
    PostFactory(system=system, ref="er-01")
    stroke = ProgrammeFactory(system=system, code="stroke")
    url = reverse("workforce:post-new", args=[system.code])
    data = {
        "ref": "er-99",
        "title": "Data engineer",
        "team": "Analytics",
        "band": "7",
        "wte": "1.0",
        "host_employer": organisation_in(system, ods_code="QZ1").pk,
        "programme": stroke.pk,
        "annual_cost": "£52,000",
    }
    assert (
        b"Another post already uses this reference"
        in client.post(url, {**data, "ref": "er-01"}).content
    )
    assert client.post(url, data).status_code == 302
    post = Post.objects.get(system=system, ref="er-99")
    assert post.annual_cost_pence == 5_200_000 and post.programme == stroke
    appoint = reverse("workforce:appoint", args=[system.code, "er-99"])
    bad = client.post(
        appoint, {"person_name": "A N Other", "kind": "secondment", "start_date": "2030-01-01"}
    )
    assert b"Name the partner the person comes from." in bad.content
    assert b"Enter the date this contract ends." in bad.content
    ok = client.post(
        appoint, {"person_name": "A N Other", "kind": "permanent", "start_date": "2020-01-01"}
    )
    assert ok.status_code == 302
    assert queries.current_appointment(post, dt.date.today()).person.name == "A N Other"
    fund = reverse("workforce:add-funding", args=[system.code, "er-99"])
    assert (
        client.post(
            fund, {"source": "pooled", "annual_amount": "52000", "start_date": "2020-01-01"}
        ).status_code
        == 302
    )
    mix = {r.source: r for r in queries.funding_mix(system)}
    assert mix["pooled"].posts == 1 and mix["pooled"].share == Decimal("100.0")
    page = client.get(reverse("programmes:programme", args=[system.code, "stroke"]))
    assert b"Data engineer" in page.content  # the programme's resources


def test_the_index_draws_the_funding_mix_as_a_chart_with_its_table(signed_in, member, system):
    for source, pence in (("transformation", 3_000_000), ("pooled", 1_000_000)):
        FundingLineFactory(
            post=PostFactory(system=system), source=source, annual_amount_pence=pence
        )
    page = signed_in(member("finance")).get(reverse("workforce:index", args=[system.code]))
    html = page.content.decode()
    assert 'role="img"' in html and 'id="mix"' in html and 'id="mix-chart-table"' not in html
    assert "75.0%" in html and "25.0%" in html
    assert '<span class="er-nowrap">£40,000</span>' in html  # the total
    tips = [s.tip for s in page.context["chart"].shapes if s.kind == "rect"]
    assert "Non-recurrent transformation funding: 75.0%" in tips


def test_the_export_writes_money_from_pence_and_matches_the_pages(signed_in, member, system):
    post = PostFactory(system=system, annual_cost_pence=250)
    FundingLineFactory(post=post, annual_amount_pence=250)
    budget = PooledBudgetFactory(system=system, cap_pence=250)
    ContributionFactory(partner=BudgetPartnerFactory(budget=budget), amount_pence=250)
    client = signed_in(member("system_leader"))
    response = client.get(reverse("workforce:export", args=[system.code]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="{system.code}-engine-room.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Posts", "Funding mix", "Cliff", "Pooled budgets"]
    (row,) = book["Posts"].iter_rows(min_row=2, values_only=True)
    assert row[7] == 2.5 and row[11] == "Non-recurrent transformation funding £3"
    assert book["Posts"]["H2"].number_format == MONEY_FORMAT
    (budget_row,) = book["Pooled budgets"].iter_rows(min_row=2, values_only=True)
    assert budget_row[2] == budget_row[6] == 2.5
    page = client.get(reverse("workforce:budget", args=[system.code, budget.code]))
    assert round((budget_row[6] + budget_row[7]) * 100) == page.context["rec"].total_pence


def test_a_contribution_is_recorded_and_audited(signed_in, member, system):
    budget = PooledBudgetFactory(system=system)
    partner = BudgetPartnerFactory(budget=budget)
    secondee = AppointmentFactory(
        post=PostFactory(system=system), kind="secondment", end_date=dt.date(2031, 3, 31)
    )
    client = signed_in(member("pmo"))
    url = reverse("workforce:contribute", args=[system.code, budget.code])
    done = client.post(
        url,
        {"partner": partner.pk, "kind": "in_kind", "amount": "45,000", "appointment": secondee.pk},
    )
    assert done.status_code == 302
    rec = queries.reconcile(budget)
    assert rec.in_kind_pence == 4_500_000 and rec.cash_pence == 0
    contribution = partner.contributions.get()
    assert AuditEvent.objects.filter(
        action="workforce.contribution_created", subject=audit.subject(contribution)
    ).exists()
