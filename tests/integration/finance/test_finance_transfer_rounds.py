"""Transfers to balance (S14): proposed with their reasons, agreed by both sides, all recorded."""

import pytest
from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.finance.models import Transfer, TransferRound
from factories.finance import MILLION, YEAR


@pytest.fixture
def proposed(signed_in, world, finance_of):
    """A round proposed by the surplus partner's finance team, with the community trust at a
    £0 limit; returns the round page's URL and the client."""
    client = signed_in(finance_of(world.surplus))
    response = client.post(
        reverse("finance:transfers", args=[world.system.code, YEAR]),
        {"note": "Month-end balancing", f"limit_{world.community.pk}": "0"},
    )
    assert response.status_code == 302
    return response.url, client


def test_transfers_are_proposed_explained_agreed_and_recorded(
    proposed, signed_in, world, finance_of
):
    url, client = proposed
    page = client.get(url)
    transfers = {(t.giver, t.receiver): t for t, _ in page.context["transfers"]}
    to_deficit = transfers[(world.surplus, world.deficit)]
    assert to_deficit.amount_pence == 7 * MILLION
    assert "short of its control total" in to_deficit.explanation
    assert "(£2,000,000)" in to_deficit.explanation, "negatives in brackets"
    assert all(giver != world.community for giver, _ in transfers), "£0 limit: gives nothing"
    assert sum(t.amount_pence for t in transfers.values()) == sum(
        p.control_total_pence - p.forecast_pence
        for p in page.context["partners"]
        if p.forecast_pence < p.control_total_pence
    ), "every partner short of its total is brought up to it"
    assert page.context["transfers"][0][1] == world.surplus, "decides for its own side"

    client.post(url, {"transfer": to_deficit.pk, "decision": "agree"})
    to_deficit.refresh_from_db()
    assert to_deficit.giver_agreed_by is not None and to_deficit.status == "proposed"

    signed_in(finance_of(world.deficit)).post(url, {"transfer": to_deficit.pk, "decision": "agree"})
    to_deficit.refresh_from_db()
    assert to_deficit.status == Transfer.Status.AGREED

    page = client.get(reverse("finance:position", args=[world.system.code, YEAR]))
    deficit = next(p for p in page.context["position"].partners if p.organisation == world.deficit)
    assert deficit.transferred == 7 * MILLION and deficit.meets is True
    events = set(AuditEvent.objects.values_list("action", "subject"))
    assert ("finance.transfers_proposed", f"finance.transferround:{to_deficit.round_id}") in events
    assert ("finance.transfer_agreed", f"finance.transfer:{to_deficit.pk}") in events


def test_a_decline_needs_a_reason_and_a_third_partner_cannot_decide(
    proposed, signed_in, world, finance_of
):
    url, client = proposed
    transfer = Transfer.objects.get(giver=world.surplus, receiver=world.deficit)
    page = client.post(url, {"transfer": transfer.pk, "decision": "decline"})
    assert b"Enter why you decline this transfer" in page.content
    assert b"nhsuk-error-summary" in page.content
    third = signed_in(finance_of(world.mental_health))
    other = Transfer.objects.exclude(receiver=world.mental_health).get()
    assert third.post(url, {"transfer": other.pk, "decision": "agree"}).status_code == 403


def test_a_declined_transfer_cannot_then_be_agreed(proposed, world, finance_of, signed_in):
    url, client = proposed
    transfer = Transfer.objects.get(giver=world.surplus, receiver=world.deficit)
    client.post(url, {"transfer": transfer.pk, "decision": "decline", "reason": "Not this month"})
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DECLINED
    assert AuditEvent.objects.get(action="finance.transfer_declined").reason == "Not this month"
    receiver = signed_in(finance_of(world.deficit))
    page = receiver.post(url, {"transfer": transfer.pk, "decision": "agree"})
    assert b"This transfer is already declined." in page.content
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DECLINED


def test_nothing_to_balance_before_any_return(signed_in, member, system):
    client = signed_in(member("finance"))
    page = client.post(reverse("finance:transfers", args=[system.code, YEAR]), {})
    assert b"No partner has sent a return for this year yet." in page.content


def test_a_transfer_of_another_round_is_not_found(proposed, world):
    url, client = proposed
    assert client.post(url, {"transfer": 999_999, "decision": "agree"}).status_code == 404


def test_a_round_is_open_then_closed_then_settled_each_step_audited(
    proposed, signed_in, world, finance_of, member
):
    url, client = proposed
    run = TransferRound.objects.get()
    assert run.status == TransferRound.Status.OPEN
    transfers_page = client.get(reverse("finance:transfers", args=[world.system.code, YEAR]))
    assert b"Open for decisions" in transfers_page.content
    page = client.get(url)
    assert page.context["can_close"] and not page.context["can_settle"]
    assert b"Close the round to decisions" in page.content

    assert client.post(url, {"status": "settled"}).status_code == 200, "not before closing"
    run.refresh_from_db()
    assert run.status == TransferRound.Status.OPEN

    done = client.post(url, {"status": "closed"}, follow=True)
    assert b"is now closed" in done.content
    run.refresh_from_db()
    assert run.status == TransferRound.Status.CLOSED and run.status_changed_by is not None
    transfer = Transfer.objects.get(giver=world.surplus, receiver=world.deficit)
    receiver = signed_in(finance_of(world.deficit))
    refused = receiver.post(url, {"transfer": transfer.pk, "decision": "agree"})
    assert b"its transfers can no longer be decided" in refused.content
    assert refused.context["transfers"][0][1] is None, "no decision form once closed"
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.PROPOSED

    assert signed_in(member("system_leader")).post(url, {"status": "settled"}).status_code == 403
    client = signed_in(finance_of(world.surplus))  # one test client: sign the finance team back in
    client.post(url, {"status": "settled"})
    run.refresh_from_db()
    assert run.status == TransferRound.Status.SETTLED
    page = client.get(url)
    assert not page.context["can_close"] and not page.context["can_settle"]
    assert b"The agreed transfers have been paid." in page.content
    events = list(
        AuditEvent.objects.filter(subject=f"finance.transferround:{run.pk}")
        .order_by("seq")
        .values_list("action", "details")
    )
    assert [e[0] for e in events] == [
        "finance.transfers_proposed",
        "finance.round_closed",
        "finance.round_settled",
    ]
    assert events[1][1]["from"] == "open" and events[1][1]["undecided_transfers"] >= 1
