"""Each role's home page: the panels it shows, what they say, and who is sent elsewhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from engineroom.governance.models import DecisionStatus, MinutesStatus
from engineroom.web import formatting
from factories.accounts import MembershipFactory
from factories.finance import MILLION, YEAR, PlanFactory, returns_for
from factories.governance import (
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MemberFactory,
    PaperFactory,
    PartnerDecisionFactory,
)
from factories.programmes import HighlightReportFactory, ProgrammeFactory
from factories.system import PersonFactory, organisation_in


def _home(client, system):
    return client.get(reverse("system-home", args=[system.code]))


def test_the_system_leader_sees_finance_programmes_and_waiting_decisions(system, member, signed_in):
    trust = organisation_in(system, name="Vale Hospitals NHS FT")
    plan = PlanFactory(system=system, organisation=trust, year=YEAR, control_total_pence=0)
    returns_for(plan, forecast=-3 * MILLION)
    red = ProgrammeFactory(system=system, name="Urgent care")
    HighlightReportFactory(programme=red, approved=True, overall_rag="red")
    ProgrammeFactory(system=system, name="Not reported yet")
    body = BodyFactory(system=system)
    decision = DecisionFactory(
        body=body, status=DecisionStatus.AWAITING, agreed_on=dt.date.today() - dt.timedelta(9)
    )
    PartnerDecisionFactory(decision=decision, organisation=trust)

    response = _home(signed_in(member("system_leader")), system)

    assert response.status_code == 200
    assert list(response.context["panels"]) == [
        "finance",
        "programmes",
        "ratifications",
        "population",
        "oversight",
    ]
    page = response.content.decode()
    position = response.context["panels"]["finance"].position
    assert (position.variance, position.meets) == (-3 * MILLION, False)
    assert "Short" in page and formatting.money_short(position.variance) in page
    programmes = response.context["panels"]["programmes"]
    assert programmes.by_rag == {"red": 1, "amber": 0, "green": 0} and programmes.unreported == 1
    assert "Urgent care" in page
    assert "Vale Hospitals NHS FT (9 days)" in " ".join(page.split())
    assert reverse("governance:decision", args=[system.code, decision.pk]) in page
    assert "No population results have been published" in page


def test_the_governance_lead_sees_missing_papers_late_minutes_and_returns_by_name(
    system, member, signed_in
):
    body = BodyFactory(system=system, name="Partnership board")
    soon = MeetingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=10))
    AgendaItemFactory(meeting=soon, title="Winter plan")
    PaperFactory(item=AgendaItemFactory(meeting=soon, title="Finance report"))
    MeetingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=60))  # beyond 28 days
    late = MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(days=20))
    MeetingFactory(
        body=body,
        starts_at=timezone.now() - dt.timedelta(days=40),
        minutes_status=MinutesStatus.APPROVED,
    )
    MemberFactory(body=body, person=PersonFactory(name="Ben Hughes"))

    response = _home(signed_in(member("governance")), system)

    panels = response.context["panels"]
    assert [(m, [i.title for i in items]) for m, items in panels["meetings_needing_papers"]] == [
        (soon, ["Winter plan"])
    ]
    assert panels["minutes_overdue"] == [late]
    assert [p.name for p in panels["returns_missing"]] == ["Ben Hughes"]
    assert "Ben Hughes" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("analyst", "population_health:index"),
        ("clinician", "population_health:worklists"),
    ],
)
def test_roles_whose_day_starts_on_their_own_page_are_sent_there(
    system, member, signed_in, role, target
):
    response = _home(signed_in(member(role)), system)
    assert response.status_code == 302 and response.url == reverse(target, args=[system.code])


def test_the_public_start_on_the_public_index(system, member, signed_in):
    response = _home(signed_in(member("public")), system)
    assert response.status_code == 302 and response.url == reverse("governance:public-systems")


def test_someone_with_two_roles_sees_both_sets_of_panels(system, member, signed_in):
    user = member("finance")
    MembershipFactory(user=user, role="governance", system=system)
    panels = _home(signed_in(user), system).context["panels"]
    assert {"finance", "rounds", "minutes_overdue", "returns_missing"} <= set(panels)


def test_a_panel_needs_its_permission_as_well_as_the_role(system, member, signed_in, monkeypatch):
    from engineroom.home import rules

    wanted = {**rules.PANELS_BY_ROLE, "finance": ("finance", "rounds", "population")}
    monkeypatch.setattr(rules, "PANELS_BY_ROLE", wanted)
    response = _home(signed_in(member("finance")), system)
    assert set(response.context["panels"]) == {"finance", "rounds"}  # finance: no population.view


def test_the_regulator_starts_on_the_regions_oversight(system, member, signed_in):
    response = _home(signed_in(member("regulator")), system)
    assert response.status_code == 302
    assert response.url == reverse("oversight:region", args=[system.region.code])


def test_the_home_page_of_another_system_is_refused(system, member, signed_in):
    from factories.system import SystemFactory

    other = SystemFactory(code="other-ics")
    assert _home(signed_in(member("system_leader")), other).status_code == 403
