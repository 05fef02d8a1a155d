"""The shell's URLs: home, sign-in and sign-out, for every role and for visitors."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from factories.accounts import PASSWORD, UserFactory
from factories.system import SystemFactory

EVERY = frozenset(ROLES)
# Nobody signed in is refused these; what each role sees is tested below.
MATRIX: dict[str, set[str]] = {
    "home": set(EVERY),
    "system-home": set(EVERY),
    "login": set(EVERY),
    "logout": set(EVERY),
}


@pytest.mark.parametrize("role", sorted(EVERY))
def test_home_sends_a_member_of_one_system_to_its_home_page(system, member, signed_in, role):
    response = signed_in(member(role)).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("system-home", args=[system.code])


@pytest.mark.parametrize("role", sorted(EVERY))
def test_sign_in_sends_a_signed_in_user_on(system, member, signed_in, role):
    response = signed_in(member(role)).get(reverse("login"))
    assert response.status_code == 302 and not response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", sorted(EVERY))
def test_sign_out_signs_out(system, member, signed_in, role):
    client = signed_in(member(role))
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("system-home", args=[system.code])).url.startswith(reverse("login"))


def test_signed_out_visitors_land_on_a_page_linking_sign_in_and_the_public_pages(client, db):
    assert client.get(reverse("login")).status_code == 200
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200 and "<h1>Engine Room</h1>" in page
    assert f'href="{reverse("login")}"' in page
    assert f'href="{reverse("governance:public-systems")}"' in page


def test_home_lists_only_visible_systems_and_regions(system, member, signed_in):
    from factories.accounts import MembershipFactory

    second = SystemFactory(region=system.region, name="A second ICS")
    SystemFactory(code="elsewhere")  # another region: never listed
    leader = member("system_leader")  # a leader of two systems (a regulator starts elsewhere)
    MembershipFactory(user=leader, role="system_leader", system=second)
    response = signed_in(leader).get(reverse("home"))
    assert response.status_code == 200
    assert list(response.context["systems"]) == [second, system]  # by name
    assert response.context["regions"] == [system.region]
    assert reverse("system:region-leadership", args=[system.region.code]) in (
        response.content.decode()
    )


def test_a_regulator_starts_on_the_regions_oversight(system, member, signed_in):
    SystemFactory(region=system.region, name="A second ICS")
    response = signed_in(member("regulator")).get(reverse("home"))
    assert response.url == reverse("oversight:region", args=[system.region.code])


def test_home_without_a_system_says_so(db, signed_in):
    response = signed_in(UserFactory()).get(reverse("home"))
    assert response.status_code == 200 and response.context["systems"].count() == 0
    assert "You are not a member of any system yet" in response.content.decode()


def test_sign_in_lists_demo_accounts_and_throttles_failures(client, db):
    demo = [UserFactory(username=role) for role in ROLES]
    page = client.get(reverse("login"))
    assert [a["username"] for a in page.context["demo_accounts"]] == [u.username for u in demo]
    assert page.context["demo_accounts"][0]["role"] == ROLES[demo[0].username].name
    for _ in range(5):
        client.post(reverse("login"), {"username": "finance", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "finance", "password": PASSWORD})
    assert b"Too many failed sign-in attempts" in locked.content


def test_sign_in_with_the_right_password_works(client, system, member):
    user = member("finance")
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response.url, follow=True).status_code == 200


def test_security_headers_are_sent(client, db):
    response = client.get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_passwords_are_hashed_with_argon2(db, settings):
    from engineroom.web import settings as project

    # The tests swap in a fast hasher; the project's own settings hash with Argon2.
    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    assert UserFactory().password.startswith("argon2")
