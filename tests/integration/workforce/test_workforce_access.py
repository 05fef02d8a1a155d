"""Every engine-room URL against every role: allowed roles get the page (200), every other role is
refused (403); signed-out visitors are sent to sign in; only the programme office may write."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from factories.system import SystemFactory
from factories.workforce import BudgetPartnerFactory, PooledBudgetFactory, PostFactory

EVERY = frozenset(ROLES)
VIEWERS = {"system_leader", "pmo", "finance"}
PMO = {"pmo"}

MATRIX: dict[str, set[str]] = {
    "workforce:index": VIEWERS,
    "workforce:cliff": VIEWERS,
    "workforce:posts": VIEWERS,
    "workforce:post-new": PMO,
    "workforce:post": VIEWERS,
    "workforce:appoint": PMO,
    "workforce:add-funding": PMO,
    "workforce:budgets": VIEWERS,
    "workforce:budget": VIEWERS,
    "workforce:contribute": PMO,
    "workforce:export": VIEWERS,
}
WRITES = sorted(name for name, roles in MATRIX.items() if roles == PMO)


@pytest.fixture
def urls(system):
    """Each URL name with arguments naming objects of the system."""
    post = PostFactory(system=system)
    budget = PooledBudgetFactory(system=system)
    BudgetPartnerFactory(budget=budget)
    by_post = [system.code, post.ref]
    args = {
        "workforce:post": by_post,
        "workforce:appoint": by_post,
        "workforce:add-funding": by_post,
        "workforce:budget": [system.code, budget.code],
        "workforce:contribute": [system.code, budget.code],
    }
    return {name: reverse(name, args=args.get(name, [system.code])) for name in MATRIX}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_against_every_role(client, member, urls, name):
    allowed = set()
    for role in sorted(EVERY):
        client.force_login(member(role))
        status = client.get(urls[name]).status_code
        assert status in (200, 403), f"{role}: {status}"
        if status == 200:
            allowed.add(role)
    assert allowed == MATRIX[name]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_signed_out_visitors_are_sent_to_sign_in(client, urls, name):
    response = client.get(urls[name])
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", WRITES)
def test_writes_are_refused_to_everyone_but_the_programme_office(client, member, urls, name):
    for role in sorted(EVERY - PMO):
        client.force_login(member(role))
        assert client.post(urls[name], {}).status_code == 403, role


def test_nobody_sees_another_systems_engine_room(client, member, system):
    other = SystemFactory(region=system.region)
    for role in sorted(EVERY):
        client.force_login(member(role))
        assert client.get(reverse("workforce:index", args=[other.code])).status_code == 403, role


def test_objects_of_another_system_are_not_found(signed_in, member, system):
    elsewhere = SystemFactory(region=system.region)
    post = PostFactory(system=elsewhere)
    budget = PooledBudgetFactory(system=elsewhere)
    client = signed_in(member("pmo"))
    assert client.get(reverse("workforce:post", args=[system.code, post.ref])).status_code == 404
    budget_url = reverse("workforce:budget", args=[system.code, budget.code])
    assert client.get(budget_url).status_code == 404
