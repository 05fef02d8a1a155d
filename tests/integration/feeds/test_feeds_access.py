"""Every feeds URL against every role: only the data manager loads extracts and works the feeds;
the quarantine and unlinked queue are identifiable, so nobody else sees them."""

import pytest
from django.urls import reverse

import lakes
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
    "feeds:calendar": {"data_manager"},
    "feeds:quarantine": {"data_manager"},
    "feeds:resubmissions": {"data_manager"},
    "feeds:row": {"data_manager"},
    "feeds:unlinked-record": {"data_manager"},
    # Actions: POST only (a GET is 405 for everyone); the matrix posts to them.
    "feeds:row-release": {"data_manager"},
    "feeds:row-resubmit": {"data_manager"},
    "feeds:unlinked-new": {"data_manager"},
}
POST_ONLY = ("feeds:row-release", "feeds:row-resubmit", "feeds:unlinked-new")
PAGES = sorted(set(MATRIX) - set(POST_ONLY))
IDENTIFIABLE = {
    "feeds:feed": "feeds.feed_refused",
    "feeds:unlinked": "feeds.unlinked_refused",
    "feeds:quarantine": "feeds.quarantine_refused",
    "feeds:resubmissions": "feeds.resubmissions_refused",
    "feeds:row": "feeds.row_refused",
    "feeds:unlinked-record": "feeds.unlinked_record_refused",
    "feeds:row-release": "feeds.row_release_refused",
    "feeds:row-resubmit": "feeds.row_resubmit_refused",
    "feeds:unlinked-new": "feeds.unlinked_new_refused",
}


def url(name: str, system) -> str:
    if name == "feeds:feed":
        return reverse(name, args=[system.code, queries.system_feeds(system)[0]["load_id"]])
    if name.startswith("feeds:row"):
        row = lakes.quarantined_row(system)
        return reverse(name, args=[system.code, row["load_id"], row["row_number"]])
    if name.startswith("feeds:unlinked-"):
        record = lakes.unlinked_record(system)
        return reverse(name, args=[system.code, record["source"], record["record_id"]])
    return reverse(name, args=[system.code])


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize("name", PAGES)
def test_url_against_role(system, member, signed_in, role, name):
    response = signed_in(member(role)).get(url(name, system))
    assert response.status_code == (200 if role in MATRIX[name] else 403)
    if role not in MATRIX[name]:  # nothing shown; a refusal on an identifiable page is audited
        refused = {name: [event] for name, event in IDENTIFIABLE.items()}
        events = AuditEvent.objects.filter(action__startswith="feeds.")
        assert list(events.values_list("action", flat=True)) == refused.get(name, [])
        if name in refused:
            assert events.get().actor == response.wsgi_request.user
            assert events.get().subject == f"system.system:{system.pk}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_signed_out_visitors_are_sent_to_sign_in(client, system, name):
    send = client.post if name in POST_ONLY else client.get
    response = send(url(name, system))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_nobody_works_another_systems_feeds(system, member, signed_in, name):
    other = SystemFactory(region=system.region)
    client = signed_in(member("data_manager"))
    row, record = ["any-load", 1], ["RT1", "RT1-1"]
    more = {
        "feeds:feed": ["any-load"],
        "feeds:row": row,
        "feeds:row-release": row,
        "feeds:row-resubmit": row,
        "feeds:unlinked-record": record,
        "feeds:unlinked-new": record,
    }
    args = [other.code, *more.get(name, [])]
    send = client.post if name in POST_ONLY else client.get
    assert send(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize("name", POST_ONLY)
def test_the_data_managers_actions_against_every_role(
    system, private_lake, member, signed_in, role, name
):
    """Only the data manager may act; a GET on an action is refused for everyone (405)."""
    client = signed_in(member(role))
    target = url(name, system)
    assert client.get(target).status_code == 405
    response = client.post(target, {"note": "Please resend"})
    if role in MATRIX[name]:
        assert response.status_code in (200, 302)  # done, or refused on the form with a reason
    else:
        assert response.status_code == 403
        events = AuditEvent.objects.filter(action__startswith="feeds.")
        assert list(events.values_list("action", flat=True)) == [IDENTIFIABLE[name]]


def test_a_load_of_another_system_is_not_found(system, member, signed_in):
    client = signed_in(member("data_manager"))
    assert client.get(reverse("feeds:feed", args=[system.code, "nosuchload"])).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="feeds.").exists()
