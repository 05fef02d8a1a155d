"""Every governance URL against every role, signed-out visitors, and the public pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from factories.governance import BodyFactory
from factories.system import SystemFactory

EVERY = frozenset(ROLES)
VIEWERS = frozenset(r for r, role in ROLES.items() if "governance.view" in role.permissions)
EDITORS = frozenset({"governance"})

MATRIX: dict[str, set[str]] = {
    "governance:index": VIEWERS,
    "governance:body": VIEWERS,
    "governance:matrix": VIEWERS,
    "governance:meetings": VIEWERS,
    "governance:calendar": VIEWERS,
    "governance:meeting": VIEWERS,
    "governance:pack": VIEWERS,
    "governance:paper": VIEWERS,
    "governance:actions": VIEWERS,
    "governance:actions-xlsx": VIEWERS,
    "governance:forward-plan": VIEWERS,
    "governance:decisions": VIEWERS,
    "governance:decision": VIEWERS,
    "governance:interests": VIEWERS,
    "governance:interests-xlsx": VIEWERS,
    "governance:health": VIEWERS,
    "governance:body-new": EDITORS,
    "governance:body-edit": EDITORS,
    "governance:member-add": EDITORS,
    "governance:delegation-add": EDITORS,
    "governance:meeting-new": EDITORS,
    "governance:item-add": EDITORS,
    "governance:paper-add": EDITORS,
    "governance:attendance": EDITORS,
    "governance:minutes": EDITORS,
    "governance:minutes-step": EDITORS,
    "governance:action-add": EDITORS,
    "governance:action-done": EDITORS,
    "governance:decision-new": EDITORS,
    "governance:decision-agree": EDITORS,
    "governance:decision-partner": EDITORS,
    "governance:decision-withdraw": EDITORS,
    "governance:interest-add": EDITORS,
    "governance:return-add": EDITORS,
    # The public pages: anyone, signed in or not.
    "governance:public": EVERY,
    "governance:public-body": EVERY,
    "governance:public-calendar": EVERY,
    "governance:public-paper": EVERY,
    "governance:public-pack": EVERY,
}
PUBLIC = {name for name in MATRIX if name.startswith("governance:public")}


def arguments(world) -> dict[str, list]:
    """The URL arguments of each name: objects of the world in its system."""
    code, m, d = world.system.code, world.meetings.held.pk, world.decisions.waiting.pk
    body = world.bodies.finance.code
    by_kind = {
        "body": [code, "unified-executive"],
        "body-edit": [code, body],
        "member-add": [code, body],
        "delegation-add": [code, body],
        "meeting-new": [code, body],
        "meeting": [code, m],
        "pack": [code, m],
        "item-add": [code, m],
        "paper-add": [code, m, world.meetings.public_item.pk],
        "attendance": [code, m],
        "minutes": [code, m],
        "minutes-step": [code, m, "approve"],
        "action-add": [code, m],
        "paper": [code, world.meetings.paper.pk],
        "action-done": [code, world.meetings.overdue.pk],
        "decision": [code, d],
        "decision-agree": [code, d],
        "decision-partner": [code, d],
        "decision-withdraw": [code, d],
        "public-body": [code, "unified-executive"],
        "public-calendar": [code, "unified-executive"],
        "public-paper": [code, world.meetings.paper.pk],
        "public-pack": [code, m],
    }
    return {name: by_kind.get(name.split(":")[1], [code]) for name in MATRIX}


def extra_cases(world) -> list[tuple[str, list, set[str]]]:
    """Confidential objects are for editors only; another system only for the regulator."""
    code = world.system.code
    other = SystemFactory(region=world.system.region)
    BodyFactory(system=other, code="other-board")
    return [
        ("governance:paper", [code, world.meetings.part2.pk], EDITORS),
        ("governance:decision", [code, world.decisions.secret.pk], EDITORS),
        ("governance:index", [other.code], {"regulator"}),
        ("governance:decisions", [other.code], {"regulator"}),
        ("governance:body", [other.code, "other-board"], {"regulator"}),
        ("governance:body-new", [other.code], set()),
    ]


@pytest.mark.parametrize("role", sorted(EVERY))
def test_every_url_against_role(world, member, signed_in, role):
    client = signed_in(member(role))
    args = arguments(world)
    cases = [(name, args[name], allowed) for name, allowed in MATRIX.items()]
    for name, arguments_, allowed in cases + extra_cases(world):
        response = client.get(reverse(name, args=arguments_))
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (name, arguments_, role, response.status_code)


def test_signed_out_visitors_are_sent_to_sign_in_except_on_the_public_pages(world, client):
    for name, arguments_ in arguments(world).items():
        response = client.get(reverse(name, args=arguments_))
        if name in PUBLIC:
            assert response.status_code == 200, name
        else:
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("login")), name


def test_attendance_is_a_write_refused_to_readers(world, member, signed_in):
    url = reverse("governance:attendance", args=[world.system.code, world.meetings.held.pk])
    assert signed_in(member("system_leader")).post(url, {}).status_code == 403
    assert signed_in(member("governance")).post(url, {}).status_code == 302


def test_writes_are_refused_to_readers(world, member, signed_in):
    client = signed_in(member("system_leader"))
    args = arguments(world)
    for name in sorted(n for n, allowed in MATRIX.items() if allowed == EDITORS):
        assert client.post(reverse(name, args=args[name]), {}).status_code == 403, name


def test_public_pages_open_to_anyone_and_hide_part_2(world, client):
    code, held = world.system.code, world.meetings.held
    assert client.get(reverse("governance:public", args=[code])).status_code == 200
    page = client.get(reverse("governance:public-body", args=[code, "unified-executive"]))
    assert page.status_code == 200
    assert b"Contract negotiations" not in page.content  # the Part 2 item
    assert b"Contract negotiation mandate" not in page.content  # the confidential decision
    assert b"Elective recovery" in page.content
    paper = reverse("governance:public-paper", args=[code, world.meetings.paper.pk])
    assert client.get(paper).status_code == 200
    part2 = reverse("governance:public-paper", args=[code, world.meetings.part2.pk])
    assert client.get(part2).status_code == 404
    calendar = client.get(reverse("governance:public-calendar", args=[code, "unified-executive"]))
    assert calendar.status_code == 200 and b"BEGIN:VEVENT" in calendar.content
    assert calendar["Content-Type"].startswith("text/calendar")
    index = client.get(reverse("governance:public", args=[code]))
    assert b"VD-007" not in index.content and b"VD-005" not in index.content
    assert b"VD-003" in index.content
    unpublished = reverse("governance:public-body", args=[code, "shire-osc"])
    assert client.get(unpublished).status_code == 404
    pack = client.get(reverse("governance:public-pack", args=[code, held.pk]))
    assert pack["Content-Type"] == "application/pdf" and pack.content.startswith(b"%PDF")
    assert client.get(reverse("governance:public", args=["no-such-system"])).status_code == 404


def test_withheld_interests_are_not_public(world, client, member, signed_in):
    code = world.system.code
    page = client.get(reverse("governance:public-body", args=[code, "unified-executive"]))
    assert b"Spouse is a consultant" not in page.content
    assert b"Shareholding in the treatment centre" in page.content
    reader = signed_in(member("system_leader")).get(reverse("governance:interests", args=[code]))
    assert b"Spouse is a consultant" not in reader.content
    editor = signed_in(member("governance")).get(reverse("governance:interests", args=[code]))
    assert b"Spouse is a consultant" in editor.content
