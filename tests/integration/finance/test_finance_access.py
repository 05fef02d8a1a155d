"""Every finance URL against every role; editing only by the owning partner's finance role."""

import re

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from engineroom.web import periods

EVERY = frozenset(ROLES)
VIEWERS = EVERY - {"clinician", "public"}
MAIN, OTHER = "vale-downs", "coast-forest"
YEAR = periods.year_of(__import__("datetime").date.today())

MATRIX = [
    ("finance:index", [MAIN], VIEWERS),
    ("finance:position", [MAIN, YEAR], VIEWERS),
    ("finance:position", [MAIN, YEAR - 2], VIEWERS),
    ("finance:partner", [MAIN, YEAR, "RZ2"], VIEWERS),
    ("finance:partner", [MAIN, YEAR, "L0U01"], VIEWERS),
    ("finance:transfers", [MAIN, YEAR], VIEWERS),
    ("finance:incentives", [MAIN, YEAR], VIEWERS),
    ("finance:left-shift", [MAIN], VIEWERS),
    ("finance:pools", [MAIN, YEAR], VIEWERS),
    ("finance:scenarios", [MAIN, YEAR], VIEWERS),
    ("finance:capitation", [MAIN, YEAR], VIEWERS),
    ("finance:export", [MAIN, YEAR], VIEWERS),
    ("finance:report", [MAIN, YEAR], VIEWERS),
    # Editing a partner's return: only that partner's own finance team (RZ1 for the demo user).
    ("finance:import", [MAIN, YEAR, "RZ1"], {"finance"}),
    ("finance:import", [MAIN, YEAR, "RZ2"], set()),
    ("finance:plan-edit", [MAIN, YEAR, "RZ1"], {"finance"}),
    ("finance:plan-edit", [MAIN, YEAR, "RZ2"], set()),
    # Another system: only the region-wide regulator sees it.
    ("finance:index", [OTHER], {"regulator"}),
    ("finance:position", [OTHER, YEAR], {"regulator"}),
    ("finance:left-shift", [OTHER], {"regulator"}),
]
IDS = [f"{n}:{'/'.join(map(str, a))}" for n, a, _ in MATRIX]


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize(("name", "args", "allowed"), MATRIX, ids=IDS)
def test_url_against_role(client_for, role, name, args, allowed):
    response = client_for(role).get(reverse(name, args=args))
    assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize(("name", "args", "allowed"), MATRIX, ids=IDS)
def test_signed_out_visitors_are_sent_to_sign_in(client, db, name, args, allowed):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", sorted(EVERY))
def test_only_finance_may_propose_transfers_or_change_the_incentive_share(client_for, role):
    from engineroom.finance.models import IncentiveScheme, TransferRound

    client = client_for(role)
    before = TransferRound.objects.count()
    proposed = client.post(reverse("finance:transfers", args=[MAIN, YEAR]), {"note": "x"})
    scheme = IncentiveScheme.objects.get(system__code=MAIN, year=YEAR)
    changed = client.post(
        reverse("finance:incentives", args=[MAIN, YEAR]), {"scheme": scheme.pk, "percent": "10"}
    )
    if role == "finance":
        assert proposed.status_code == changed.status_code == 302
        assert TransferRound.objects.count() == before + 1
    else:
        assert proposed.status_code == changed.status_code == 403
        assert TransferRound.objects.count() == before


def test_a_finance_user_cannot_import_for_another_partner(client_for):
    response = client_for("finance").post(reverse("finance:import", args=[MAIN, YEAR, "RZ2"]), {})
    assert response.status_code == 403


def test_a_system_without_plans_shows_an_empty_position(client_for):
    from engineroom.finance.models import Plan

    Plan.objects.filter(system__code=MAIN).delete()
    page = client_for("system_leader").get(reverse("finance:index", args=[MAIN]))
    assert page.status_code == 200 and page.context["position"].partners == []
    assert b"No NHS partner has a plan for this year." in page.content


def test_a_plan_outside_the_system_is_not_found(client_for):
    response = client_for("system_leader").get(reverse("finance:partner", args=[MAIN, YEAR, "RY1"]))
    assert response.status_code == 404


PAGES = [m for m in MATRIX if "finance" in m[2] and m[0] != "finance:export"]


@pytest.mark.parametrize(("name", "args", "allowed"), PAGES)
def test_pages_keep_to_the_content_security_policy(client_for, name, args, allowed):
    content = client_for("finance").get(reverse(name, args=args)).content.decode()
    assert " style=" not in content and "<style" not in content
    for tag in re.findall(r"<script[^>]*>", content):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert content.count("<h1") == 1
