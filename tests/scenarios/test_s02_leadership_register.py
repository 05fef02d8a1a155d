"""S2 Leadership register.

As a regional lead I see every system's chair and lead, vacancies and recruitment, each leader's
tenure, the share of systems with the same lead for six months, and dual-hatted leaders.
"""

import datetime as dt

from django.urls import reverse

from engineroom.system.models import Person, RoleAssignment


def test_s02_regional_view_reports_stability_chairs_and_recruitment(client_for):
    response = client_for("regulator").get(
        reverse("system:region-leadership", args=["demo-region"])
    )
    stability = response.context["stability"]
    # Vale and Downs and Coast and Forest kept their lead; Northern Moors changed three months ago.
    assert (stability.systems, stability.stable, stability.percent_stable) == (3, 2, 66.7)
    assert (stability.with_chair, stability.chair_recruiting) == (2, 1)
    assert "66.7%" in response.content.decode()


def test_s02_system_register_shows_tenure_vacancies_and_dual_hatting(client_for, main_system):
    response = client_for("governance").get(reverse("system:leadership", args=[main_system.code]))
    leaders = {row.role: row for row, _ in response.context["leaders"]}
    assert leaders["ICS lead"].dual_hatted is True
    assert leaders["ICS chair"].dual_hatted is False
    assert leaders["ICS lead"].tenure_days >= 365 * 3 - 1
    assert "Dual-hatted" in response.content.decode()


def test_s02_a_recruiting_chair_is_visible(client_for):
    response = client_for("regulator").get(reverse("system:leadership", args=["coast-forest"]))
    vacancies = list(response.context["vacancies"])
    assert [v.get_role_display() for v in vacancies] == ["ICS chair"]
    assert "recruiting since" in response.content.decode()


def test_s02_a_new_lead_makes_a_system_unstable(client_for, main_system):
    today = dt.date.today()
    current = RoleAssignment.objects.get(system=main_system, role="ics_lead", end_date=None)
    current.end_date = today - dt.timedelta(days=30)
    current.save()
    newcomer = Person.objects.create(ref="newcomer", name="New Comer")
    RoleAssignment.objects.create(
        person=newcomer,
        role="ics_lead",
        system=main_system,
        start_date=today - dt.timedelta(days=29),
    )
    response = client_for("regulator").get(
        reverse("system:region-leadership", args=["demo-region"])
    )
    assert response.context["stability"].stable == 1
