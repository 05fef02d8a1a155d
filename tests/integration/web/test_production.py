"""Sessions end after 30 minutes idle and 8 hours after signing in; the sign-in page shows the
demo accounts and password only in demo mode."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from engineroom.web.middleware import SEEN_AT, SIGNED_IN_AT
from engineroom.web.views import DEMO_PASSWORD
from factories.accounts import PASSWORD

MINUTE, HOUR = 60, 60 * 60


@pytest.fixture
def session_of(client, system, member):
    """Sign a data manager in through the sign-in form; returns (client, map URL, set_times)."""
    user = member("data_manager")
    page = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert page.status_code == 302

    def set_times(*, signed_in_ago: float, seen_ago: float) -> None:
        session = client.session
        now = time.time()
        session[SIGNED_IN_AT], session[SEEN_AT] = now - signed_in_ago, now - seen_ago
        session.save()

    return client, reverse("system:map", args=[system.code]), set_times


def signed_out(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_signing_in_stamps_the_session(session_of):
    client, page, _ = session_of
    signed_in_at = client.session[SIGNED_IN_AT]
    assert abs(time.time() - signed_in_at) < HOUR and client.session[SEEN_AT] == signed_in_at
    assert client.get(page).status_code == 200


def test_a_session_idle_for_over_30_minutes_ends(session_of):
    client, page, set_times = session_of
    set_times(signed_in_ago=2 * HOUR, seen_ago=29 * MINUTE)
    assert client.get(page).status_code == 200  # still in, and the idle clock starts again
    assert time.time() - client.session[SEEN_AT] < 29 * MINUTE
    set_times(signed_in_ago=2 * HOUR, seen_ago=31 * MINUTE)
    response = client.get(page)
    assert signed_out(response) and "_auth_user_id" not in client.session
    sign_in = client.get(response.url)
    assert b"signed out after 30 minutes without activity" in sign_in.content


def test_a_busy_session_still_ends_8_hours_after_signing_in(session_of):
    client, page, set_times = session_of
    set_times(signed_in_ago=8 * HOUR - MINUTE, seen_ago=MINUTE)
    assert client.get(page).status_code == 200
    set_times(signed_in_ago=8 * HOUR + MINUTE, seen_ago=MINUTE)
    response = client.get(page)
    assert signed_out(response) and "_auth_user_id" not in client.session
    assert b"signed out 8 hours after signing in" in client.get(response.url).content


def test_an_htmx_request_after_the_limit_sends_the_whole_page_to_sign_in(session_of):
    client, page, set_times = session_of
    set_times(signed_in_ago=HOUR, seen_ago=31 * MINUTE)
    response = client.get(page, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_the_stored_session_expires_with_the_idle_limit(session_of):
    from django.contrib.sessions.models import Session

    client, page, _ = session_of
    assert client.get(page).status_code == 200
    stored = Session.objects.get(pk=client.session.session_key)
    left = (stored.expire_date - timezone.now()).total_seconds()
    assert 29 * MINUTE < left <= 30 * MINUTE


@pytest.mark.parametrize("demo", [True, False])
def test_the_demo_password_is_on_the_sign_in_page_only_in_demo_mode(client, settings, member, demo):
    member("finance", username="finance")  # an account named after its role, as the demo's are
    settings.DEMO = demo
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert (DEMO_PASSWORD.encode() in page.content) is demo
    assert ("demo_accounts" in page.context) is demo
