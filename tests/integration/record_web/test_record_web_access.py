"""Every shared record page against every role: granted and refused, refusals audited, nothing
identifiable cached, anonymous people sent to sign in."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from engineroom.audit.models import AuditEvent
from factories.system import SystemFactory

NHS = "9434765919"  # the person of conftest.py

EVERY = frozenset(ROLES)
CLINICAL = {"clinician"}
NOBODY: set[str] = set()  # the person's own pages: for a patient account, never a staff role
MATRIX: dict[str, set[str]] = {
    "record:find": CLINICAL,
    "record:record": CLINICAL,
    "record:print": CLINICAL,
    "record:break-glass": CLINICAL,
    "record:care-team": CLINICAL,
    "record:refer": CLINICAL,
    "record:review": {"caldicott"},
    "record:my-record": NOBODY,
    "record:my-objection": NOBODY,
    "record:my-sign-in": set(EVERY),
    "record:demo-sign-in": set(EVERY),
}
IN_SYSTEM = {name for name in MATRIX if not name.startswith(("record:my-", "record:demo"))}
POST_ONLY = {"record:my-objection"}
WITH_PERSON = {"record:record", "record:print", "record:break-glass", "record:care-team"}
WITH_PERSON |= {"record:refer"}


def url(system, name: str) -> str:
    if name not in IN_SYSTEM:
        return reverse(name)
    return reverse(name, args=[system.code, NHS] if name in WITH_PERSON else [system.code])


def test_every_url_is_in_the_matrix():
    from engineroom.record import urls

    assert {f"record:{p.name}" for p in urls.urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_against_role(system, person, user_as, signed_in, role, name):
    client = signed_in(user_as(role))
    send = client.post if name in POST_ONLY else client.get
    before = AuditEvent.objects.count()
    response = send(url(system, name))
    if role in MATRIX[name]:
        assert response.status_code == 200, response.content[:300]
    else:
        assert response.status_code == 403
        if name in IN_SYSTEM:
            refused = AuditEvent.objects.order_by("-seq")[: AuditEvent.objects.count() - before]
            assert any(e.action.endswith("_refused") for e in refused), name
    if response.status_code == 200 and (name in IN_SYSTEM or name == "record:my-record"):
        assert "no-store" in response.get("Cache-Control", ""), name


@pytest.mark.parametrize("name", sorted(IN_SYSTEM))
def test_nobody_opens_records_of_another_system(system, person, user_as, signed_in, name):
    other = SystemFactory(region=system.region)
    client = signed_in(user_as("clinician"))
    args = [other.code, NHS] if name in WITH_PERSON else [other.code]
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("name", sorted(IN_SYSTEM | {"record:my-record"}))
def test_anonymous_people_are_sent_to_sign_in(system, person, client, name):
    response = client.get(url(system, name))
    assert response.status_code == 302
    wanted = "record:my-sign-in" if name == "record:my-record" else "login"
    assert response.url.startswith(reverse(wanted))


def test_the_header_links_to_the_record_for_clinicians_and_to_the_review_for_guardians(
    system, person, user_as, signed_in
):
    find, review = url(system, "record:find"), url(system, "record:review")
    page = signed_in(user_as("clinician")).get(find).content.decode()
    assert f'href="{find}"' in page and f'href="{review}"' not in page
    page = signed_in(user_as("caldicott")).get(review).content.decode()
    assert f'href="{review}"' in page and f'href="{find}"' not in page
