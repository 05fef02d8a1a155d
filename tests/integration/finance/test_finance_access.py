"""Every finance URL against every role; a partner's own pages only for its own finance team."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from engineroom.audit.models import AuditEvent
from engineroom.finance import actions
from engineroom.finance.models import IncentiveScheme, TransferRound
from factories.finance import YEAR, ImportBatchFactory, ScenarioFactory, TransferRoundFactory
from factories.system import SystemFactory

EVERY = frozenset(ROLES)
VIEWERS = EVERY - {"clinician", "public"}
OWN_FINANCE = {"finance"}  # the finance team of the partner whose page it is

MATRIX: dict[str, set[str]] = {
    "finance:index": VIEWERS,
    "finance:left-shift": VIEWERS,
    "finance:position": VIEWERS,
    "finance:partner": VIEWERS,
    "finance:plan-edit": OWN_FINANCE,
    "finance:import": OWN_FINANCE,
    "finance:return-template": VIEWERS,
    "finance:import-preview": OWN_FINANCE,
    "finance:transfers": VIEWERS,
    "finance:round": VIEWERS,
    "finance:incentives": VIEWERS,
    "finance:pools": VIEWERS,
    "finance:capitation": VIEWERS,
    "finance:scenarios": VIEWERS,
    "finance:scenario": VIEWERS,
    "finance:export": VIEWERS,
    "finance:report": VIEWERS,
    "finance:report-pdf": VIEWERS,
}


def url_of(name: str, *, code: str, ods: str, batch: int, run: int, scenario: int) -> str:
    args = {
        "finance:index": [code],
        "finance:left-shift": [code],
        "finance:partner": [code, YEAR, ods],
        "finance:plan-edit": [code, YEAR, ods],
        "finance:import": [code, YEAR, ods],
        "finance:return-template": [code, YEAR, ods],
        "finance:import-preview": [code, YEAR, batch],
        "finance:round": [code, YEAR, run],
        "finance:scenario": [code, YEAR, scenario],
    }
    return reverse(name, args=args.get(name, [code, YEAR]))


@pytest.fixture
def urls(world):
    """Each URL name with arguments naming real objects of the world's system."""
    objects = {
        "code": world.system.code,
        "ods": world.surplus.ods_code,
        "batch": ImportBatchFactory(plan=world.plan(world.surplus)).pk,
        "run": TransferRoundFactory(system=world.system).pk,
        "scenario": ScenarioFactory(system=world.system).pk,
    }
    return {name: url_of(name, **objects) for name in MATRIX}


@pytest.fixture
def user_in(member, world):
    """The user of each role; the finance user is in the ``surplus`` partner's own team."""

    def make(role: str):
        organisation = world.surplus if role == "finance" else None
        return member(role, organisation=organisation)

    return make


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_against_every_role(client, urls, user_in, name):
    allowed = set()
    for role in sorted(EVERY):
        client.force_login(user_in(role))
        status = client.get(urls[name]).status_code
        assert status in (200, 403), f"{role}: {status}"
        if status == 200:
            allowed.add(role)
    assert allowed == MATRIX[name]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_signed_out_visitors_are_sent_to_sign_in(client, db, name):
    url = url_of(name, code="any-system", ods="RZ1", batch=1, run=1, scenario=1)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_another_systems_finances_are_seen_only_by_the_regional_regulator(client, world, user_in):
    other = SystemFactory(region=world.system.region)
    pages = [
        reverse("finance:index", args=[other.code]),
        reverse("finance:position", args=[other.code, YEAR]),
        reverse("finance:left-shift", args=[other.code]),
    ]
    for role in sorted(EVERY):
        client.force_login(user_in(role))
        expected = 200 if role == "regulator" else 403
        assert [client.get(url).status_code for url in pages] == [expected] * 3, role


def test_another_partners_finance_team_cannot_open_or_send_its_pages(
    client, world, urls, finance_of
):
    client.force_login(finance_of(world.deficit))
    for name in ("finance:plan-edit", "finance:import", "finance:import-preview"):
        assert client.get(urls[name]).status_code == 403, name
    assert client.post(urls["finance:import"], {}).status_code == 403
    assert client.post(urls["finance:plan-edit"], {}).status_code == 403
    assert client.post(urls["finance:import-preview"], {"action": "import"}).status_code == 403


@pytest.mark.parametrize("role", sorted(EVERY))
def test_only_finance_may_propose_transfers(client, world, user_in, role):
    client.force_login(user_in(role))
    transfers = reverse("finance:transfers", args=[world.system.code, YEAR])
    proposed = client.post(transfers, {"note": "x"})
    if role == "finance":
        assert proposed.status_code == 302
        assert TransferRound.objects.filter(system=world.system).count() == 1
    else:
        assert proposed.status_code == 403
        assert not TransferRound.objects.exists()


SYSTEM_LEVEL = {"system_finance", "system_leader"}


@pytest.fixture
def share_setter(member, world):
    """Users by kind: ``system_finance`` holds finance for the whole system (no organisation);
    ``finance`` is the surplus partner's own finance team; the rest are the other roles."""

    def make(kind: str):
        if kind == "system_finance":
            return member("finance")
        return member(kind, organisation=world.surplus if kind == "finance" else None)

    return make


@pytest.mark.parametrize("kind", sorted(EVERY | SYSTEM_LEVEL))
def test_only_system_level_finance_changes_the_incentive_share(client, world, share_setter, kind):
    client.force_login(share_setter(kind))
    scheme = IncentiveScheme.objects.get(system=world.system, year=YEAR)
    before = scheme.linked_share
    incentives = reverse("finance:incentives", args=[world.system.code, YEAR])
    changed = client.post(incentives, {"scheme": scheme.pk, "percent": "10"})
    scheme.refresh_from_db()
    if kind in SYSTEM_LEVEL:
        assert changed.status_code == 302 and scheme.linked_share == Decimal("0.1")
        assert AuditEvent.objects.filter(action="finance.incentive_share_changed").count() == 1
    else:
        assert changed.status_code == 403 and scheme.linked_share == before
        assert not AuditEvent.objects.filter(action="finance.incentive_share_changed").exists()


def test_a_partners_finance_team_is_told_why_and_its_attempt_is_audited(
    client, world, share_setter
):
    user = share_setter("finance")
    client.force_login(user)
    scheme = IncentiveScheme.objects.get(system=world.system, year=YEAR)
    url = reverse("finance:incentives", args=[world.system.code, YEAR])
    page = client.get(url)
    assert b'name="percent"' not in page.content, "no form it cannot use"
    assert b"set for the whole system" in page.content
    refused = client.post(url, {"scheme": scheme.pk, "percent": "75"})
    assert refused.status_code == 403
    assert b"The linked share was not changed" in refused.content
    assert b"only the system&#x27;s finance lead" in refused.content
    event = AuditEvent.objects.get(action="finance.incentive_share_refused")
    assert event.actor_id == user.pk and event.subject == f"finance.incentivescheme:{scheme.pk}"
    assert event.details["asked"] == "75" and "whole system" in event.reason
    with pytest.raises(PermissionDenied):
        actions.set_linked_share(by=user, scheme=scheme, share=Decimal("0.2"))
    assert AuditEvent.objects.filter(action="finance.incentive_share_refused").count() == 2
    scheme.refresh_from_db()
    assert scheme.linked_share != Decimal("0.2")


def test_a_system_without_plans_shows_an_empty_position(signed_in, member, system):
    page = signed_in(member("system_leader")).get(reverse("finance:index", args=[system.code]))
    assert page.status_code == 200 and page.context["position"].partners == []
    assert b"No NHS partner has a plan for this year." in page.content


def test_a_plan_outside_the_system_is_not_found(signed_in, member, world):
    elsewhere = world.plan(world.surplus)
    other = SystemFactory(region=world.system.region)
    url = reverse("finance:partner", args=[other.code, YEAR, elsewhere.organisation.ods_code])
    user = member("regulator")
    assert signed_in(user).get(url).status_code == 404


DOWNLOADS = {"finance:export", "finance:report-pdf", "finance:return-template"}
PAGES = [name for name in sorted(MATRIX) if name not in DOWNLOADS]


def test_pages_keep_to_the_content_security_policy(client, urls, user_in):
    client.force_login(user_in("finance"))
    for name in PAGES:
        content = client.get(urls[name]).content.decode()
        assert " style=" not in content and "<style" not in content, name
        for tag in re.findall(r"<script[^>]*>", content):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert content.count("<h1") == 1, name
