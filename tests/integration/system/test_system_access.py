"""Every system URL against every role: allowed roles get the page, every other role is refused,
and signed-out visitors are sent to sign in."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from factories.system import SystemFactory, organisation_in

EVERY = frozenset(ROLES)
MATRIX: dict[str, set[str]] = {
    "system:map": set(EVERY),
    "system:organisations": set(EVERY),
    "system:organisation": set(EVERY),
    "system:leadership": set(EVERY),
    "system:partnerships": set(EVERY),
    "system:region-leadership": {"system_leader", "regulator"},
}


def url(name: str, system) -> str:
    if name == "system:region-leadership":
        return reverse(name, args=[system.region.code])
    if name == "system:organisation":
        organisation_in(system, ods_code="QZ1", kind="icb")
        return reverse(name, args=[system.code, "QZ1"])
    return reverse(name, args=[system.code])


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_against_role(system, member, signed_in, role, name):
    response = signed_in(member(role)).get(url(name, system))
    assert response.status_code == (200 if role in MATRIX[name] else 403)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_signed_out_visitors_are_sent_to_sign_in(client, system, name):
    response = client.get(url(name, system))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize("name", ["system:map", "system:leadership", "system:organisations"])
def test_another_system_is_only_for_the_regional_team(system, member, signed_in, role, name):
    other = SystemFactory(region=system.region)
    response = signed_in(member(role)).get(reverse(name, args=[other.code]))
    assert response.status_code == (200 if role == "regulator" else 403)


def test_an_organisation_outside_the_system_is_not_found(system, member, signed_in):
    organisation_in(SystemFactory(region=system.region), ods_code="RY1")
    client = signed_in(member("system_leader"))
    assert client.get(reverse("system:organisation", args=[system.code, "RY1"])).status_code == 404


def test_an_unknown_system_or_region_is_not_found(system, member, signed_in):
    client = signed_in(member("regulator"))
    assert client.get(reverse("system:map", args=["no-such-system"])).status_code == 404
    assert client.get(reverse("system:region-leadership", args=["nowhere"])).status_code == 404


def test_a_regional_view_of_another_region_is_refused(system, member, signed_in):
    elsewhere = SystemFactory()
    response = signed_in(member("system_leader")).get(
        reverse("system:region-leadership", args=[elsewhere.region.code])
    )
    assert response.status_code == 403
