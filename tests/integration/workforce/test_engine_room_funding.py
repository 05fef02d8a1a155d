"""Funding cliff, continued funding lines, equal and agreed shares, posts and appointments."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engineroom.system.models import Organisation
from engineroom.workforce import funding, pooled, services
from engineroom.workforce.models import BudgetPartner, FundingLine, PooledBudget, Post

MAIN = "vale-downs"
TODAY = dt.date(2030, 1, 15)


@pytest.fixture
def post(main_system, user_for):
    return services.save_post(
        by=user_for("pmo"),
        system=main_system,
        ref="test-post",
        title="Test analyst",
        team="Analytics",
        band="7",
        wte=Decimal("1.0"),
        host_employer=Organisation.objects.get(ods_code="QZ1"),
        annual_cost_pence=5_000_000,
    )


def _items(system, months, on):
    return {i.post.ref: i for i in funding.cliff(system, months, on).items}


def test_a_funding_line_ending_is_a_cliff_unless_another_continues_it(post, main_system, user_for):
    pmo = user_for("pmo")
    services.add_funding_line(
        by=pmo,
        post=post,
        source="transformation",
        annual_amount_pence=5_000_000,
        start_date=dt.date(2029, 4, 1),
        end_date=dt.date(2030, 3, 31),
    )
    assert "test-post" not in _items(main_system, 3, dt.date(2029, 10, 1))
    item = _items(main_system, 3, TODAY)["test-post"]
    assert item.cost_at_risk_pence == 5_000_000 and item.date == dt.date(2030, 3, 31)
    services.add_funding_line(
        by=pmo,
        post=post,
        source="pooled",
        annual_amount_pence=5_000_000,
        start_date=dt.date(2030, 4, 1),
    )
    assert "test-post" not in _items(main_system, 3, TODAY)


def test_a_fixed_term_contract_ending_puts_the_person_and_post_cost_at_risk(
    post, main_system, user_for
):
    services.appoint(
        by=user_for("pmo"),
        post=post,
        person_name="Test Person",
        kind="fixed_term",
        start_date=dt.date(2029, 1, 1),
        end_date=dt.date(2030, 6, 30),
    )
    assert "test-post" not in _items(main_system, 3, TODAY)
    item = _items(main_system, 6, TODAY)["test-post"]
    assert item.appointment.person.name == "Test Person"
    assert item.cost_at_risk_pence == 5_000_000
    with pytest.raises(ValidationError):
        services.appoint(
            by=user_for("pmo"),
            post=post,
            person_name="Second",
            kind="permanent",
            start_date=dt.date(2030, 1, 1),
        )


def test_equal_shares_split_odd_pence_and_agreed_shares_follow_percentages(main_system):
    budget = PooledBudget.objects.create(
        system=main_system,
        code="t",
        name="T",
        financial_year="2030/31",
        cap_pence=100,
        share_rule="equal",
    )
    partners = [
        BudgetPartner.objects.create(budget=budget, name=n, category="provider") for n in "ABC"
    ]
    assert pooled.expected_shares(budget, partners) == [34, 33, 33]
    budget.share_rule = "agreed"
    for p, share in zip(partners, [50, 30, 20], strict=True):
        p.agreed_share = Decimal(share)
    assert pooled.expected_shares(budget, partners) == [50, 30, 20]
    assert pooled.reconcile(budget).headroom_pence == 100


def test_a_funding_line_must_be_positive(post, user_for):
    with pytest.raises(ValidationError):
        services.add_funding_line(
            by=user_for("pmo"),
            post=post,
            source="pooled",
            annual_amount_pence=0,
            start_date=TODAY,
        )
    assert not FundingLine.objects.filter(post=post).exists()


def test_posts_are_added_and_appointed_through_the_pages(client_for, main_system):
    client = client_for("pmo")
    url = reverse("workforce:post-new", args=[MAIN])
    data = {
        "ref": "er-99",
        "title": "Data engineer",
        "team": "Analytics",
        "band": "7",
        "wte": "1.0",
        "host_employer": Organisation.objects.get(ods_code="QZ1").pk,
        "annual_cost": "£52,000",
    }
    assert (
        b"Another post already uses this reference"
        in client.post(url, {**data, "ref": "er-01"}).content
    )
    assert client.post(url, data).status_code == 302
    post = Post.objects.get(system=main_system, ref="er-99")
    assert post.annual_cost_pence == 5_200_000
    appoint = reverse("workforce:appoint", args=[MAIN, "er-99"])
    bad = client.post(
        appoint, {"person_name": "A N Other", "kind": "secondment", "start_date": "2030-01-01"}
    )
    assert b"Name the partner the person comes from." in bad.content
    assert b"Enter the date this contract ends." in bad.content
    ok = client.post(
        appoint, {"person_name": "A N Other", "kind": "permanent", "start_date": "2020-01-01"}
    )
    assert ok.status_code == 302
    assert services.current_appointment(post, dt.date.today()).person.name == "A N Other"
    fund = reverse("workforce:add-funding", args=[MAIN, "er-99"])
    assert (
        client.post(
            fund, {"source": "pooled", "annual_amount": "52000", "start_date": "2020-01-01"}
        ).status_code
        == 302
    )
    mix = {r.source: r for r in funding.funding_mix(main_system)}
    assert mix["pooled"].posts >= 1


def test_the_demo_generator_is_idempotent(main_system):
    from engineroom.demo import workforce as synth

    before = Post.objects.filter(system=main_system).count()
    assert synth.generate(seed=20181) == {"workforce.post": 0}
    assert Post.objects.filter(system=main_system).count() == before == 20
