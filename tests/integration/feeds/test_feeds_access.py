"""Every feeds URL against every role: only the data manager loads extracts and works the feeds;
the quarantine and unlinked queue are identifiable, so nobody else sees them."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from engineroom.audit.models import AuditEvent
from engineroom.feeds import queries
from factories.system import SystemFactory

EVERY = frozenset(ROLES)
MATRIX: dict[str, set[str]] = {
    "feeds:load": {"data_manager"},
    "feeds:index": {"data_manager"},
    "feeds:unlinked": {"data_manager"},
    "feeds:feed": {"data_manager"},
}


def url(name: str, system) -> str:
    if name == "feeds:feed":
        return reverse(name, args=[system.code, queries.system_feeds(system)[0]["load_id"]])
    return reverse(name, args=[system.code])


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_against_role(system, member, signed_in, role, name):
    response = signed_in(member(role)).get(url(name, system))
    assert response.status_code == (200 if role in MATRIX[name] else 403)
    if role not in MATRIX[name]:  # nothing shown; a refusal on an identifiable page is audited
        refused = {
            "feeds:feed": ["feeds.feed_refused"],
            "feeds:unlinked": ["feeds.unlinked_refused"],
        }
        events = AuditEvent.objects.filter(action__startswith="feeds.")
        assert list(events.values_list("action", flat=True)) == refused.get(name, [])
        if name in refused:
            assert events.get().actor == response.wsgi_request.user
            assert events.get().subject == f"system.system:{system.pk}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_signed_out_visitors_are_sent_to_sign_in(client, system, name):
    response = client.get(url(name, system))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_nobody_works_another_systems_feeds(system, member, signed_in, name):
    other = SystemFactory(region=system.region)
    client = signed_in(member("data_manager"))
    args = [other.code] + (["any-load"] if name == "feeds:feed" else [])
    assert client.get(reverse(name, args=args)).status_code == 403


def test_a_load_of_another_system_is_not_found(system, member, signed_in):
    client = signed_in(member("data_manager"))
    assert client.get(reverse("feeds:feed", args=[system.code, "nosuchload"])).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="feeds.").exists()
