"""Every governance URL against every role, and anonymous visitors on the public pages."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from engineroom.governance.models import Decision, Meeting, Paper

EVERY = frozenset(ROLES)
VIEWERS = frozenset(r for r, role in ROLES.items() if "governance.view" in role.permissions)
EDITORS = frozenset({"governance"})
MAIN, OTHER = "vale-downs", "coast-forest"


def _ids():
    held = Meeting.objects.filter(body__system__code=MAIN, status="held").first()
    public_paper = Paper.objects.filter(item__meeting=held, published=True).first()
    confidential = Paper.objects.filter(item__meeting=held, item__confidential=True).first()
    return {
        "meeting": held.pk,
        "item": held.items.first().pk,
        "decision": Decision.objects.get(reference="VD-002").pk,
        "secret": Decision.objects.get(reference="VD-007").pk,
        "paper": public_paper.pk,
        "part2": confidential.pk,
        "action": held.actions.first().pk,
    }


def matrix(ids):
    m, d = ids["meeting"], ids["decision"]
    return [
        ("governance:index", [MAIN], VIEWERS),
        ("governance:body", [MAIN, "unified-executive"], VIEWERS),
        ("governance:matrix", [MAIN], VIEWERS),
        ("governance:meetings", [MAIN], VIEWERS),
        ("governance:calendar", [MAIN], VIEWERS),
        ("governance:meeting", [MAIN, m], VIEWERS),
        ("governance:pack", [MAIN, m], VIEWERS),
        ("governance:paper", [MAIN, ids["paper"]], VIEWERS),
        ("governance:paper", [MAIN, ids["part2"]], EDITORS),
        ("governance:actions", [MAIN], VIEWERS),
        ("governance:actions-xlsx", [MAIN], VIEWERS),
        ("governance:forward-plan", [MAIN], VIEWERS),
        ("governance:decisions", [MAIN], VIEWERS),
        ("governance:decision", [MAIN, d], VIEWERS),
        ("governance:decision", [MAIN, ids["secret"]], EDITORS),
        ("governance:interests", [MAIN], VIEWERS),
        ("governance:interests-xlsx", [MAIN], VIEWERS),
        ("governance:health", [MAIN], VIEWERS),
        ("governance:body-new", [MAIN], EDITORS),
        ("governance:body-edit", [MAIN, "finance-group"], EDITORS),
        ("governance:member-add", [MAIN, "finance-group"], EDITORS),
        ("governance:delegation-add", [MAIN, "finance-group"], EDITORS),
        ("governance:meeting-new", [MAIN, "finance-group"], EDITORS),
        ("governance:item-add", [MAIN, m], EDITORS),
        ("governance:paper-add", [MAIN, m, ids["item"]], EDITORS),
        ("governance:minutes", [MAIN, m], EDITORS),
        ("governance:minutes-step", [MAIN, m, "approve"], EDITORS),
        ("governance:action-add", [MAIN, m], EDITORS),
        ("governance:action-done", [MAIN, ids["action"]], EDITORS),
        ("governance:decision-new", [MAIN], EDITORS),
        ("governance:decision-agree", [MAIN, d], EDITORS),
        ("governance:decision-partner", [MAIN, d], EDITORS),
        ("governance:decision-withdraw", [MAIN, d], EDITORS),
        ("governance:interest-add", [MAIN], EDITORS),
        ("governance:return-add", [MAIN], EDITORS),
        # Another system: only the region-wide regulator may read it; nobody here edits it.
        ("governance:index", [OTHER], {"regulator"}),
        ("governance:decisions", [OTHER], {"regulator"}),
        ("governance:body-new", [OTHER], set()),
    ]


@pytest.mark.parametrize("role", sorted(EVERY))
def test_every_url_against_role(client_for, role):
    ids = _ids()
    client = client_for(role)
    for name, args, allowed in matrix(ids):
        response = client.get(reverse(name, args=args))
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (name, args, role, response.status_code)


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    for name, args, _ in matrix(_ids()):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name


def test_attendance_is_a_write_refused_to_readers(client_for):
    url = reverse("governance:attendance", args=[MAIN, _ids()["meeting"]])
    assert client_for("system_leader").post(url, {}).status_code == 403
    assert client_for("governance").post(url, {}).status_code == 302


def test_public_pages_open_to_anyone_and_hide_part_2(client, db):
    ids = _ids()
    assert client.get(reverse("governance:public", args=[MAIN])).status_code == 200
    page = client.get(reverse("governance:public-body", args=[MAIN, "unified-executive"]))
    assert page.status_code == 200
    assert b"Contract negotiations" not in page.content  # the Part 2 item
    assert b"Contract negotiation mandate" not in page.content  # the confidential decision
    assert b"Elective recovery" in page.content
    assert (
        client.get(reverse("governance:public-paper", args=[MAIN, ids["paper"]])).status_code == 200
    )
    assert (
        client.get(reverse("governance:public-paper", args=[MAIN, ids["part2"]])).status_code == 404
    )
    calendar = client.get(reverse("governance:public-calendar", args=[MAIN, "unified-executive"]))
    assert calendar.status_code == 200 and b"BEGIN:VEVENT" in calendar.content
    index = client.get(reverse("governance:public", args=[MAIN]))
    assert b"VD-007" not in index.content and b"VD-005" not in index.content
    assert b"VD-003" in index.content


def test_withheld_interests_are_not_public(client, client_for):
    page = client.get(reverse("governance:public-body", args=[MAIN, "unified-executive"]))
    assert b"Spouse is a consultant" not in page.content
    assert b"Shareholding in the treatment centre" in page.content
    reader = client_for("system_leader").get(reverse("governance:interests", args=[MAIN]))
    assert b"Spouse is a consultant" not in reader.content
    editor = client_for("governance").get(reverse("governance:interests", args=[MAIN]))
    assert b"Spouse is a consultant" in editor.content
