"""Every governance URL against every role, signed-out visitors, the public pages, and Part 2
minutes leaking nowhere they should not be read."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from engineroom.accounts.permissions import ROLES
from engineroom.web.downloads import XLSX_TYPE
from factories.governance import ActionFactory, AgendaItemFactory, BodyFactory, MeetingFactory
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
    "governance:minutes-pdf": VIEWERS,
    "governance:paper": VIEWERS,
    "governance:actions": VIEWERS,
    "governance:actions-xlsx": VIEWERS,
    "governance:forward-plan": VIEWERS,
    "governance:decisions": VIEWERS,
    "governance:decision": VIEWERS,
    "governance:interests": VIEWERS,
    "governance:interests-xlsx": VIEWERS,
    "governance:due-xlsx": VIEWERS,
    "governance:health": VIEWERS,
    "governance:body-new": EDITORS,
    "governance:body-edit": EDITORS,
    "governance:member-add": EDITORS,
    "governance:delegation-add": EDITORS,
    "governance:meeting-new": EDITORS,
    "governance:item-add": EDITORS,
    "governance:paper-add": EDITORS,
    "governance:item-edit": EDITORS,
    "governance:item-move": EDITORS,
    "governance:item-withdraw": EDITORS,
    "governance:paper-replace": EDITORS,
    "governance:paper-withdraw": EDITORS,
    "governance:meeting-reschedule": EDITORS,
    "governance:meeting-cancel": EDITORS,
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
    "governance:public-systems": EVERY,
    "governance:public": EVERY,
    "governance:public-system-calendar": EVERY,
    "governance:public-feed": EVERY,
    "governance:public-decision": EVERY,
    "governance:public-body": EVERY,
    "governance:public-calendar": EVERY,
    "governance:public-paper": EVERY,
    "governance:public-meeting": EVERY,
    "governance:public-pack": EVERY,
    "governance:public-minutes-pdf": EVERY,
}
PUBLIC = {name for name in MATRIX if name.startswith("governance:public")}


def arguments(world, meeting=None) -> dict[str, list]:
    """The URL arguments of each name: objects of the world in its system (``meeting`` for the
    meeting URLs instead of the held meeting, whose minutes are published)."""
    code, d = world.system.code, world.decisions.waiting.pk
    m = (meeting or world.meetings.held).pk
    body = world.bodies.finance.code
    by_kind = {
        "body": [code, "unified-executive"],
        "body-edit": [code, body],
        "member-add": [code, body],
        "delegation-add": [code, body],
        "meeting-new": [code, body],
        "meeting": [code, m],
        "meeting-reschedule": [code, m],
        "meeting-cancel": [code, m],
        "pack": [code, m],
        "minutes-pdf": [code, m],
        "item-add": [code, m],
        "paper-add": [code, m, world.meetings.public_item.pk],
        "item-edit": [code, m, world.meetings.public_item.pk],
        "item-move": [code, m, world.meetings.public_item.pk],
        "item-withdraw": [code, m, world.meetings.public_item.pk],
        "paper-replace": [code, m, world.meetings.paper.pk],
        "paper-withdraw": [code, m, world.meetings.paper.pk],
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
        "public-systems": [],
        "public-decision": [code, d],
        "public-body": [code, "unified-executive"],
        "public-calendar": [code, "unified-executive"],
        "public-paper": [code, world.meetings.paper.pk],
        "public-meeting": [code, m],
        "public-pack": [code, m],
        "public-minutes-pdf": [code, m],
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


# --- Part 2 minutes never leak ---------------------------------------------------------------------
SECRET = "quetzal walk-away price"  # in a Part 2 item's minutes and an action arising from it
SECRET_NOTE = "osprey settlement figure"  # in general minutes kept with the Part 2 minutes
OPEN = "heron recovery trajectory"  # in a Part 1 item's minutes: published


def text_of(response) -> str:
    """What a reader gets, as text: a page, a calendar, or the text of a PDF or workbook."""
    kind = response["Content-Type"]
    if kind == "application/pdf":
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    elif kind == XLSX_TYPE:
        book = load_workbook(io.BytesIO(response.content))
        cells = (c for ws in book for row in ws.iter_rows(values_only=True) for c in row)
        text = " ".join(str(c) for c in cells if c is not None)
    else:
        text = response.content.decode()
    return " ".join(text.split())


def _minuted_meeting(world, editor):
    """A held meeting of a published body minuted through the pages, then approved and
    published: a Part 1 item, and a Part 2 item whose minutes and action hold ``SECRET``."""
    meeting = MeetingFactory(
        body=world.bodies.executive,
        starts_at=timezone.now() - dt.timedelta(days=14),
        status="held",
    )
    open_item = AgendaItemFactory(meeting=meeting, number=1, title="Winter plan")
    secret = AgendaItemFactory(meeting=meeting, number=2, title="Land sale", confidential=True)
    ActionFactory(meeting=meeting, item=secret, owner=world.chair, description=f"Hold the {SECRET}")
    code = world.system.code
    response = editor.post(
        reverse("governance:minutes", args=[code, meeting.pk]),
        {
            "notes": f"The chair reported the {SECRET_NOTE}.",
            "notes_confidential": "on",
            f"item-{open_item.pk}-discussion": f"Members reviewed the {OPEN}.",
            f"item-{open_item.pk}-resolved": "Noted.",
            f"item-{secret.pk}-discussion": f"The board set the {SECRET}.",
            f"item-{secret.pk}-resolved": "Mandate agreed.",
        },
    )
    assert response.status_code == 302
    MeetingFactory(body=world.bodies.executive, starts_at=timezone.now())  # approves them today
    for step in ("approve", "publish"):
        url = reverse("governance:minutes-step", args=[code, meeting.pk, step])
        assert editor.post(url, {"on": dt.date.today()}).status_code == 302
    return meeting


def test_part_2_minutes_appear_nowhere_public_nor_to_readers_without_part_2(
    world, client, member, signed_in
):
    editor = signed_in(member("governance"))
    meeting = _minuted_meeting(world, editor)
    args = arguments(world, meeting)
    page = text_of(editor.get(reverse("governance:meeting", args=args["governance:meeting"])))
    assert page.index('id="part2-minutes"') < page.index(SECRET)  # kept apart, after Part 1
    assert SECRET_NOTE in page and OPEN in page
    for name in ("governance:minutes-pdf", "governance:pack"):
        assert SECRET in text_of(editor.get(reverse(name, args=args[name]))), name

    client.logout()
    seen = {}
    for name in sorted(PUBLIC):
        response = client.get(reverse(name, args=args[name]))
        assert response.status_code == 200, name
        seen[name] = text_of(response)
        assert SECRET not in seen[name] and SECRET_NOTE not in seen[name], name
    for name in ("governance:public-meeting", "governance:public-minutes-pdf"):
        assert OPEN in seen[name], name  # the published Part 1 minutes are there
    assert OPEN in seen["governance:public-pack"]

    reader = signed_in(member("system_leader"))
    for name in sorted(n for n, allowed in MATRIX.items() if "system_leader" in allowed):
        response = reader.get(reverse(name, args=args[name]))
        assert response.status_code == 200, name
        text = text_of(response)
        assert SECRET not in text and SECRET_NOTE not in text, name
    for name in ("governance:meeting", "governance:minutes-pdf"):
        assert OPEN in text_of(reader.get(reverse(name, args=args[name]))), name
