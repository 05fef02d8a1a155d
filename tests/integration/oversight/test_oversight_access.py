"""Every oversight URL against every role. A system's oversight is every partner's and the
regulator's (not the clinician's or the public's); imports are the analyst's and the regulator's;
the region pages need a regional view, and the region's triggers are the regional team's."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from factories.oversight import StatisticsImportFactory, TriggerFactory
from factories.system import RegionFactory, SystemFactory

EVERY = frozenset(ROLES)
VIEW = EVERY - {"clinician", "public"}
EDIT = {"analyst", "regulator"}
REGION = {"system_leader", "regulator"}
MATRIX: dict[str, set[str]] = {
    "oversight:summary": VIEW,
    "oversight:measure": VIEW,
    "oversight:export": VIEW,
    "oversight:import": EDIT,
    "oversight:import-result": EDIT,
    "oversight:finance": EDIT,
    "oversight:region": REGION,
    "oversight:region-export": REGION,
    "oversight:trigger-new": {"regulator"},
    "oversight:trigger": {"regulator"},
}
CASES = [
    ("oversight:summary", "system", []),
    ("oversight:measure", "system", ["ae_4h"]),
    ("oversight:export", "system", ["xlsx"]),
    ("oversight:export", "system", ["pdf"]),
    ("oversight:import", "system", []),
    ("oversight:import-result", "system", ["{import}"]),
    ("oversight:finance", "system", []),
    ("oversight:region", "region", []),
    ("oversight:region-export", "region", ["xlsx"]),
    ("oversight:region-export", "region", ["pdf"]),
    ("oversight:trigger-new", "region", []),
    ("oversight:trigger", "region", ["{trigger}"]),
]
IDS = [f"{name}:{'/'.join(args)}" for name, _, args in CASES]


def url(system, name, scope, args, ids) -> str:
    first = system.code if scope == "system" else system.region.code
    return reverse(name, args=[first, *(ids.get(a, a) for a in args)])


def test_every_url_is_a_case():
    assert {name for name, _, _ in CASES} == set(MATRIX)


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize(("name", "scope", "args"), CASES, ids=IDS)
def test_url_against_role(system, member, signed_in, role, name, scope, args):
    user = member(role)
    ids = {
        "{import}": StatisticsImportFactory(imported_by=user).pk,
        "{trigger}": TriggerFactory(region=system.region).pk,
    }
    response = signed_in(user).get(url(system, name, scope, args, ids))
    assert response.status_code == (200 if role in MATRIX[name] else 403)


@pytest.mark.parametrize(("name", "scope", "args"), CASES, ids=IDS)
def test_anonymous_users_are_sent_to_sign_in(system, client, name, scope, args):
    ids = {"{import}": StatisticsImportFactory().pk, "{trigger}": TriggerFactory().pk}
    response = client.get(url(system, name, scope, args, ids))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_another_regions_view_and_triggers_are_refused(system, member, signed_in):
    client = signed_in(member("regulator"))
    other = SystemFactory(region=RegionFactory())
    assert client.get(reverse("oversight:region", args=[other.region.code])).status_code == 403
    assert client.get(reverse("oversight:summary", args=[other.code])).status_code == 403
    theirs = TriggerFactory(region=other.region)
    page = reverse("oversight:trigger", args=[other.region.code, theirs.pk])
    assert client.get(page).status_code == 403
    ours = reverse("oversight:trigger", args=[system.region.code, theirs.pk])
    assert client.get(ours).status_code == 404


def test_an_import_by_someone_else_is_not_found(system, member, signed_in):
    theirs = StatisticsImportFactory(imported_by=member("analyst"))
    client = signed_in(member("analyst"))
    page = reverse("oversight:import-result", args=[system.code, theirs.pk])
    assert client.get(page).status_code == 404


def test_unknown_measures_and_formats_are_not_found(system, member, signed_in):
    client = signed_in(member("analyst"))
    assert client.get(reverse("oversight:measure", args=[system.code, "nope"])).status_code == 404
    assert client.get(reverse("oversight:export", args=[system.code, "csv"])).status_code == 404


def test_a_system_leader_cannot_change_the_regions_triggers(system, member, signed_in):
    client = signed_in(member("system_leader"))
    data = {
        "measure": "ae_4h",
        "condition": "not_met",
        "months": 1,
        "against": "none",
        "consequence": "x",
        "active": "on",
    }
    page = reverse("oversight:trigger-new", args=[system.region.code])
    assert client.post(page, data).status_code == 403
