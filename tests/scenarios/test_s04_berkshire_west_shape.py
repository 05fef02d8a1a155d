"""S4: the governance page draws the Berkshire West shape and lists members, cadence, delegations."""

import re

from django.urls import reverse

MAIN = "vale-downs"


def test_a_board_secretary_sees_the_structure_and_a_bodys_members_and_delegations(client_for):
    client = client_for("system_leader")
    page = client.get(reverse("governance:index", args=[MAIN])).content.decode()
    chart = page[page.index('<figure class="er-chart"') : page.index("</figure>")]
    assert 'role="group"' in chart and "<title>Unified Executive Group (Executive group)" in chart
    tree = page[page.index('id="structure"') :]
    lg, ue = tree.index("System Leadership Group"), tree.index("Unified Executive Group")
    assert lg < ue
    for child in ("Clinical Delivery Group", "Finance Group", "Urgent Care Programme Board"):
        assert ue < tree.index(child)
    body = client.get(reverse("governance:body", args=[MAIN, "leadership-group"])).content.decode()
    assert "Every other month" in body and "Independent chair" in body
    assert "ICB scheme of reservation and delegation" in body
    assert len(re.findall(r"<td class=\"nhsuk-table__cell\">Chair</td>", body)) == 1
    executive = client.get(reverse("governance:body", args=[MAIN, "unified-executive"]))
    assert "Monthly" in executive.content.decode()
    assert "£10,000,000" in executive.content.decode()


def test_a_governance_lead_adds_a_member_and_a_cycle_is_refused(client_for):
    client = client_for("governance")
    url = reverse("governance:body-edit", args=[MAIN, "leadership-group"])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and v is not False}
    data["place"] = ""
    data["reports_to"] = (
        client.get(url).context["form"].fields["reports_to"].queryset.get(code="finance-group").pk
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert (
        "already reports, directly or indirectly, to System Leadership Group"
        in response.content.decode()
    )


def test_adding_a_member_through_the_page_is_kept_in_the_history(client_for):
    from engineroom.system.models import Person

    client = client_for("governance")
    url = reverse("governance:member-add", args=[MAIN, "finance-group"])
    person = Person.objects.exclude(body_memberships__body__code="finance-group").first()
    response = client.post(
        url, {"person": person.pk, "role": "member", "voting": "on", "start_date": "2025-04-01"}
    )
    assert response.status_code == 302
    again = client.post(
        url, {"person": person.pk, "role": "member", "voting": "on", "start_date": "2025-06-01"}
    )
    assert "memberships of one body cannot overlap" in again.content.decode()
    body = client.get(reverse("governance:body", args=[MAIN, "finance-group"])).content.decode()
    assert person.name in body
    history = body[body.index('id="history"') :]
    assert "governance.member_added" in history and f"person={person.ref}" in history
