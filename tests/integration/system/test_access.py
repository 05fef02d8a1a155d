"""Every URL against every role: allowed roles get the page, every other role is refused."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES

EVERY = frozenset(ROLES)
MAIN = "vale-downs"
OTHER = "coast-forest"

# (url name, args, roles that may open it)
MATRIX = [
    ("system:map", [MAIN], EVERY),
    ("system:organisations", [MAIN], EVERY),
    ("system:organisation", [MAIN, "QZ1"], EVERY),
    ("system:leadership", [MAIN], EVERY),
    ("system:partnerships", [MAIN], EVERY),
    ("feeds:load", [MAIN], {"data_manager"}),
    ("feeds:index", [MAIN], {"data_manager"}),
    ("feeds:unlinked", [MAIN], {"data_manager"}),
    ("system:region-leadership", ["demo-region"], {"system_leader", "regulator"}),
    # Another system: only the region-wide regulator belongs to it.
    ("system:map", [OTHER], {"regulator"}),
    ("system:leadership", [OTHER], {"regulator"}),
    ("system:organisations", [OTHER], {"regulator"}),
]


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize(
    ("name", "args", "allowed"), MATRIX, ids=[f"{n}:{'/'.join(a)}" for n, a, _ in MATRIX]
)
def test_url_against_role(client_for, role, name, args, allowed):
    response = client_for(role).get(reverse(name, args=args))
    if role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("name", "args", "allowed"), MATRIX, ids=[f"{n}:{'/'.join(a)}" for n, a, _ in MATRIX]
)
def test_signed_out_visitors_are_sent_to_sign_in(client, db, name, args, allowed):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_organisation_outside_the_system_is_not_found(client_for):
    response = client_for("system_leader").get(reverse("system:organisation", args=[MAIN, "RY1"]))
    assert response.status_code == 404


def test_home_lists_only_visible_systems(client_for):
    response = client_for("regulator").get(reverse("home"))
    assert [s.code for s in response.context["systems"]] == [
        "coast-forest",
        "northern-moors",
        "vale-downs",
    ]
    assert client_for("finance").get(reverse("home")).url == reverse("system:map", args=[MAIN])


def test_sign_in_lists_demo_accounts_and_throttles_failures(client, db):
    page = client.get(reverse("login"))
    assert {a["username"] for a in page.context["demo_accounts"]} == set(ROLES)
    for _ in range(5):
        client.post(reverse("login"), {"username": "finance", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "finance", "password": "engine-room-demo"})
    assert b"Too many failed sign-in attempts" in locked.content


def test_sign_in_with_the_right_password_works(client, db):
    response = client.post(
        reverse("login"), {"username": "finance", "password": "engine-room-demo"}
    )
    assert response.status_code == 302
    assert client.get(response.url, follow=True).status_code == 200


def test_security_headers_are_sent(client, db):
    response = client.get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_passwords_are_hashed_with_argon2(user_for):
    assert user_for("finance").password.startswith("argon2")
