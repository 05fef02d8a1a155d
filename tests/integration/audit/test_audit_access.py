"""The audit integrity page: administrators only (Django staff, or a role with ``audit.view``,
which no role has yet); every role is refused, and verifying from it is itself audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES, Permission
from engineroom.audit import integrity
from engineroom.audit.models import AuditEvent
from factories.accounts import UserFactory
from factories.audit import AuditEventFactory

EVERY = frozenset(ROLES)
MATRIX: dict[str, set[str]] = {
    "audit": {key for key, role in ROLES.items() if Permission.AUDIT_VIEW in role.permissions},
}


@pytest.mark.parametrize("role", sorted(EVERY))
def test_url_against_role(system, member, signed_in, role):
    client = signed_in(member(role))
    allowed = role in MATRIX["audit"]
    assert client.get(reverse("audit")).status_code == (200 if allowed else 403)
    assert client.post(reverse("audit")).status_code == (302 if allowed else 403)
    assert allowed or integrity.last() is None


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    for response in (client.get(reverse("audit")), client.post(reverse("audit"))):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_staff_see_the_last_verification_and_verify_now(signed_in, db):
    admin = UserFactory(is_staff=True, username="admin")
    client = signed_in(admin)
    first = client.get(reverse("audit"))
    assert first.status_code == 200 and "has not been verified yet" in first.content.decode()
    assert "no-store" in first.headers["Cache-Control"]
    AuditEventFactory.create_batch(3)
    response = client.post(reverse("audit"), follow=True)
    page = response.content.decode()
    assert "Audit log verified: 3 events, chain intact to seq 3" in page
    assert "Intact" in page and response.context["last"].events == 3
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor) == ("audit.verified", admin)


def test_a_broken_log_shows_the_first_bad_event(signed_in, db):
    from django.db import connection

    from engineroom.audit import triggers

    AuditEventFactory.create_batch(3)
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'changed' WHERE seq = 2")
    client = signed_in(UserFactory(is_staff=True))
    page = client.post(reverse("audit"), follow=True).content.decode()
    assert "Audit log BROKEN: event 2: hash does not match (edited)" in page
    assert "Broken" in page and "First bad event" in page
