"""Identifiable pages (``identifiable = True``): never cached, and a refused attempt is audited
naming who, which page and why; other pages' refusals are not (they show nobody)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engineroom.audit import integrity
from engineroom.audit.models import AuditEvent
from engineroom.feeds.views import FeedDetail, UnlinkedQueue
from engineroom.population_health.views import Worklist, WorklistExport


def test_the_identifiable_pages_say_so():
    assert all(page.identifiable for page in (FeedDetail, UnlinkedQueue, Worklist, WorklistExport))


@pytest.mark.parametrize(
    ("name", "args", "event"),
    [
        ("population_health:worklist", ["risk"], "population_health.worklist_refused"),
        (
            "population_health:worklist-export",
            ["risk", "csv"],
            "population_health.worklist_export_refused",
        ),
        ("feeds:unlinked", [], "feeds.unlinked_refused"),
    ],
)
def test_a_role_without_the_permission_is_refused_and_audited(
    system, member, signed_in, name, args, event
):
    analyst = member("analyst")
    response = signed_in(analyst).get(reverse(name, args=[system.code, *args]))
    assert response.status_code == 403
    refused = AuditEvent.objects.get()
    assert (refused.action, refused.actor, refused.subject) == (
        event,
        analyst,
        f"system.system:{system.pk}",
    )
    assert "You do not have" in refused.reason
    assert refused.details["path"] == response.wsgi_request.path
    assert integrity.check().ok


def test_a_clinician_outside_any_practice_is_refused_the_worklist_and_audited(
    system, member, signed_in
):
    clinician = member("clinician")  # a clinician of the system, but of no practice
    response = signed_in(clinician).get(
        reverse("population_health:worklist", args=[system.code, "frailty"])
    )
    assert response.status_code == 403
    refused = AuditEvent.objects.get()
    assert refused.action == "population_health.worklist_refused"
    assert refused.subject == "population_health.worklist:frailty"
    assert refused.reason == "Worklists are direct care: only for your own practice or PCN."


def test_refusals_of_other_pages_are_not_audited(system, member, signed_in):
    client = signed_in(member("public"))
    assert client.get(reverse("feeds:index", args=[system.code])).status_code == 403
    assert not AuditEvent.objects.exists()
