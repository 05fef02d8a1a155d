"""The public pages can be found and read without signing in, and show only what is public:
the index of systems, a system's page (bodies, the next 28 days' meetings, papers, dated
decisions each with its own page, the published register), the calendar and the news feed."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from engineroom.governance.models import MeetingStatus
from factories.accounts import UserFactory
from factories.governance import BodyFactory, DecisionFactory, MeetingFactory
from factories.system import SystemFactory


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_index_of_systems_is_linked_from_sign_in_and_every_page_and_opens_each_system(
    world, client
):
    other = SystemFactory(name="Coast ICS (fictional)")
    index = reverse("governance:public-systems")
    assert index == "/public/"
    assert f'href="{index}"' in client.get(reverse("login")).content.decode()
    page = client.get(index)
    assert page.status_code == 200
    for s in (world.system, other):
        assert f'href="{reverse("governance:public", args=[s.code])}"' in page.content.decode()
    assert 'class="nhsuk-footer__list-item-link" href="/public/"' in page.content.decode()


def test_a_systems_page_lists_dated_decisions_each_linking_to_its_public_page(world, client):
    code, d = world.system.code, world.decisions
    page = text(client.get(reverse("governance:public", args=[code])))
    for shown in (d.waiting, d.rejected, d.effective):
        assert f'href="{reverse("governance:public-decision", args=[code, shown.pk])}"' in page
    assert d.secret.title not in page and d.proposal.title not in page
    effective_on = d.effective.effective_on
    row = page[page.index(d.effective.title) :]
    assert f"{effective_on.day} {effective_on:%B %Y}" in row[: row.index("</tr>")]
    assert "Elective recovery paper" in page  # a published paper
    assert "Negotiation position" not in page  # the Part 2 paper
    assert "Shareholding in the treatment centre" in page and "Spouse is a consultant" not in page


def test_forthcoming_meetings_cover_28_days_and_say_when_one_is_cancelled(world, client):
    exec_ = world.bodies.executive
    MeetingFactory(
        body=exec_, starts_at=timezone.now() + dt.timedelta(days=10), status=MeetingStatus.CANCELLED
    )
    MeetingFactory(body=exec_, starts_at=timezone.now() + dt.timedelta(days=60), location="Far off")
    MeetingFactory(body=world.bodies.scrutiny, location="Unpublished body's room")
    page = text(client.get(reverse("governance:public", args=[world.system.code])))
    table = page[page.index('id="meetings"') : page.index("</table>", page.index('id="meetings"'))]
    assert table.count('<tr class="nhsuk-table__row">') == 3  # header, the scheduled, the cancelled
    assert "Cancelled" in table
    assert "Far off" not in table and "Unpublished body" not in table
    assert "Elective recovery: Treatment Centre contract" in page  # the forward plan
    assert "Contract negotiations update" not in page  # a Part 2 key decision


def test_a_public_decision_page_shows_its_ratifications_and_dated_steps(world, client):
    code, waiting = world.system.code, world.decisions.waiting
    page = text(client.get(reverse("governance:public-decision", args=[code, waiting.pk])))
    assert "Awaiting ratification" in page
    assert "Ratification by the partners' boards" in page
    timeline = page[page.index('id="timeline"') :]
    agreed = waiting.agreed_on
    assert (
        f"{agreed.day} {agreed:%B %Y}</strong>: Agreed by the Unified Executive Group" in timeline
    )
    assert "Ratified by Downs Community NHS Trust at its board" in timeline
    assert "Still waiting for: General Hospital NHS Trust" in timeline
    chart = page[page.index('id="decision-timeline-title"') :]
    assert (
        "Timeline of decision VD-002" in chart and "General Hospital NHS Trust to decide" in chart
    )
    rejected = text(
        client.get(reverse("governance:public-decision", args=[code, world.decisions.rejected.pk]))
    )
    assert "Council cabinet did not accept" in rejected


def test_confidential_proposed_unpublished_and_foreign_decisions_are_not_public(world, client):
    code, d = world.system.code, world.decisions
    unpublished = DecisionFactory(body=world.bodies.scrutiny, reference="OSC-1", status="effective")
    foreign_body = BodyFactory(system=SystemFactory(region=world.system.region))
    foreign = DecisionFactory(body=foreign_body, reference="F-1", status="effective")
    for hidden in (d.secret, d.proposal, unpublished, foreign):
        url = reverse("governance:public-decision", args=[code, hidden.pk])
        assert client.get(url).status_code == 404, hidden.reference


def test_the_system_calendar_and_news_feed_hold_only_public_meetings_and_decisions(world, client):
    code = world.system.code
    MeetingFactory(body=world.bodies.scrutiny, location="Unpublished body's room")
    cancelled = MeetingFactory(body=world.bodies.finance, status=MeetingStatus.CANCELLED)
    calendar = client.get(reverse("governance:public-system-calendar", args=[code]))
    assert calendar["Content-Type"].startswith("text/calendar")
    ical = calendar.content.decode()
    assert f"UID:meeting-{world.meetings.scheduled.pk}@engineroom" in ical
    assert f"UID:meeting-{cancelled.pk}@engineroom" in ical and "STATUS:CANCELLED" in ical
    assert "Unpublished body" not in ical
    feed = client.get(reverse("governance:public-feed", args=[code]))
    assert feed["Content-Type"].startswith("application/atom+xml")
    atom = feed.content.decode()
    assert "<feed" in atom and "VD-002: Community diagnostic centre" in atom
    assert reverse("governance:public-decision", args=[code, world.decisions.waiting.pk]) in atom
    assert reverse("governance:public-meeting", args=[code, cancelled.pk]) in atom
    assert "cancelled" in atom
    assert "Contract negotiation mandate" not in atom and "Finance proposal" not in atom
    assert "Unpublished body" not in atom
    assert client.get(reverse("governance:public-feed", args=["no-such"])).status_code == 404


def test_the_public_role_reaches_the_public_pages_from_the_menu(world, client, member, signed_in):
    public = signed_in(member("public"))
    page = public.get(reverse("system:map", args=[world.system.code])).content.decode()
    href = reverse("governance:public", args=[world.system.code])
    assert re.search(rf'href="{href}"[^>]*>Decisions and meetings<', page)
    client.logout()
    staff = signed_in(member("governance"))
    page = staff.get(reverse("system:map", args=[world.system.code])).content.decode()
    assert ">Decisions and meetings<" not in page and ">Governance<" in page


def test_a_user_without_a_system_still_finds_the_public_pages(client, db):
    client.force_login(UserFactory())
    page = client.get(reverse("governance:public-systems"))
    assert page.status_code == 200 and "public decisions, meetings and papers" in text(page).lower()
