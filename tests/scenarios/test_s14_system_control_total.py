"""S14 System control total: partners' totals sum to the system's (councils excluded); with
forecasts in, transfers from partners in surplus are proposed so every partner meets its
control total where the system can afford it; each transfer is agreed and recorded."""

import datetime as dt

from django.urls import reverse

from engineroom.accounts.models import Membership, User
from engineroom.audit.models import AuditEvent
from engineroom.finance.models import Plan, Transfer
from engineroom.system.models import NHS_KINDS, Organisation
from engineroom.web import periods

MAIN = "vale-downs"
YEAR = periods.year_of(dt.date.today())


def finance_user_of(ods_code: str, main_system) -> User:
    user = User.objects.create(username=f"finance-{ods_code}", full_name=f"FD {ods_code}")
    Membership.objects.create(
        user=user,
        role="finance",
        system=main_system,
        organisation=Organisation.objects.get(ods_code=ods_code),
    )
    return user


def position_as_leader(client, user_for):
    client.force_login(user_for("system_leader"))
    return client.get(reverse("finance:index", args=[MAIN])).context["position"]


def test_the_system_control_total_is_the_sum_of_nhs_partners_only(client_for, main_system):
    page = client_for("system_leader").get(reverse("finance:index", args=[MAIN]))
    position = page.context["position"]
    plans = Plan.objects.filter(system=main_system, year=YEAR)
    nhs = sum(p.control_total_pence for p in plans if p.organisation.kind in NHS_KINDS)
    assert position.control_total == nhs
    assert {p.organisation.ods_code for p in position.partners} >= {"QZ1", "RZ1", "RZ2", "RW9"}
    assert all(c.organisation.kind not in NHS_KINDS for c in position.councils)
    assert position.councils, "council figures are shown, outside the total"
    assert b"Councils (outside the system control total)" in page.content
    rz1, rz2 = (
        next(p for p in position.partners if p.organisation.ods_code == c) for c in ("RZ1", "RZ2")
    )
    assert rz2.variance < 0 and rz2.meets is False, "the general hospital is behind its plan"
    assert rz1.variance > -rz2.variance, "the university trust is far enough ahead to cover it"
    assert len(position.months) == position.month


def test_transfers_are_proposed_explained_agreed_and_recorded(client, main_system, user_for):
    before = position_as_leader(client, user_for)
    rz2_short = -next(p for p in before.partners if p.organisation.ods_code == "RZ2").variance
    client.force_login(user_for("finance"))  # the finance director of RZ1, in surplus
    response = client.post(
        reverse("finance:transfers", args=[MAIN, YEAR]),
        {
            "note": "Month-end balancing",
            f"limit_{Organisation.objects.get(ods_code='RZ3').pk}": "0",
        },
    )
    assert response.status_code == 302
    page = client.get(response.url)
    transfers = {(t.giver.ods_code, t.receiver.ods_code): t for t, _ in page.context["transfers"]}
    to_rz2 = transfers[("RZ1", "RZ2")]
    assert to_rz2.amount_pence == rz2_short > 0
    assert "short of its control total" in to_rz2.explanation
    assert all(giver != "RZ3" for giver, _ in transfers), "a £0 limit means RZ3 gives nothing"
    assert sum(t.amount_pence for t in transfers.values()) == sum(
        -(p.forecast_pence - p.control_total_pence)
        for p in page.context["partners"]
        if p.forecast_pence < p.control_total_pence
    ), "every partner short of its total is brought up to it"

    client.post(response.url, {"transfer": to_rz2.pk, "decision": "agree"})
    to_rz2.refresh_from_db()
    assert to_rz2.giver_agreed_by == user_for("finance") and to_rz2.status == "proposed"

    client.force_login(finance_user_of("RZ2", main_system))
    client.post(response.url, {"transfer": to_rz2.pk, "decision": "agree"})
    to_rz2.refresh_from_db()
    assert to_rz2.status == Transfer.Status.AGREED

    position = client.get(reverse("finance:position", args=[MAIN, YEAR])).context["position"]
    rz2 = next(p for p in position.partners if p.organisation.ods_code == "RZ2")
    assert rz2.transferred == rz2_short and rz2.meets is True
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"finance.transfers_proposed", "finance.transfer_agreed"} <= actions


def test_a_decline_needs_a_reason_and_a_third_partner_cannot_decide(client, main_system, user_for):
    client.force_login(user_for("finance"))
    url = client.post(reverse("finance:transfers", args=[MAIN, YEAR]), {}).url
    transfer = Transfer.objects.filter(giver__ods_code="RZ1").first()
    page = client.post(url, {"transfer": transfer.pk, "decision": "decline"})
    assert b"Enter why you decline this transfer" in page.content
    assert b"nhsuk-error-summary" in page.content
    client.force_login(finance_user_of("RZ4", main_system))
    transfer_rz2 = Transfer.objects.get(giver__ods_code="RZ1", receiver__ods_code="RZ2")
    refused = client.post(url, {"transfer": transfer_rz2.pk, "decision": "agree"})
    assert refused.status_code == 403
