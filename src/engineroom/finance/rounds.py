"""Writes for transfers to balance: run a round, agree or decline a transfer. All audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission
from engineroom.audit import actions as audit
from engineroom.finance import presenters, transfers
from engineroom.finance.models import RoundPartner, Transfer, TransferRound
from engineroom.finance.position import position
from engineroom.system.models import System


class NoForecasts(ValueError):
    """There is nothing to balance until partners have sent returns."""


def _explain(proposal: transfers.Proposal, t: transfers.Transfer, names: dict[str, str]) -> str:
    giver, receiver = proposal.partners[t.giver], proposal.partners[t.receiver]
    money = presenters.pounds
    limit = f" (its limit is {money(giver.limit)})" if giver.limit is not None else ""
    return (
        f"{names[t.receiver]} is forecast {money(-receiver.gap)} short of its control total "
        f"of {money(receiver.control_total)}. {names[t.giver]} is forecast {money(giver.gap)} "
        f"above its own{limit}. Moving {money(t.amount)} brings {names[t.receiver]} to its "
        f"control total and leaves {names[t.giver]} {money(giver.gap - proposal.given(t.giver))} "
        "above its own; the system total is unchanged."
    )


@transaction.atomic
def run_round(
    *, by, system: System, year: int, limits: dict[int, int | None], excluded: set[int], note=""
) -> TransferRound:
    """Propose transfers from the latest forecasts, keeping the inputs for the audit trail."""
    if not has_permission(by, Permission.FINANCE_EDIT, system=system):
        raise PermissionDenied("Only a partner's finance team can propose transfers.")
    current = position(system, year)
    partners = [p for p in current.partners if p.forecast is not None]
    if not partners:
        raise NoForecasts("No partner has sent a return for this year yet.")
    inputs = [
        transfers.Partner(
            key=str(p.organisation.pk),
            control_total=p.control_total,
            forecast=p.after_transfers,
            limit=limits.get(p.organisation.pk),
            excluded=p.organisation.pk in excluded,
        )
        for p in partners
    ]
    proposal = transfers.propose(inputs)
    names = {str(p.organisation.pk): p.organisation.name for p in partners}
    run = TransferRound.objects.create(
        system=system, year=year, as_at_month=current.month, note=note, created_by=by
    )
    RoundPartner.objects.bulk_create(
        RoundPartner(
            round=run,
            organisation_id=int(i.key),
            control_total_pence=i.control_total,
            forecast_pence=i.forecast,
            limit_pence=i.limit,
            excluded=i.excluded,
            unmet_reason=proposal.unmet.get(i.key, ""),
        )
        for i in inputs
    )
    Transfer.objects.bulk_create(
        Transfer(
            round=run,
            giver_id=int(t.giver),
            receiver_id=int(t.receiver),
            amount_pence=t.amount,
            explanation=_explain(proposal, t, names),
        )
        for t in proposal.transfers
    )
    audit.record(
        "finance.transfers_proposed",
        f"transfer-round:{run.pk}",
        by=by,
        details={
            "system": system.code,
            "year": year,
            "transfers": [[t.giver, t.receiver, t.amount] for t in proposal.transfers],
            "limits": {k: v for k, v in limits.items() if v is not None},
            "excluded": sorted(excluded),
        },
    )
    return run


def sides_for(user, transfer: Transfer) -> list[str]:
    """Which side(s) of a transfer the user may agree for: their own organisation's finance."""
    sides = []
    for side, organisation in (("giver", transfer.giver), ("receiver", transfer.receiver)):
        if has_permission(
            user, Permission.FINANCE_EDIT, organisation=organisation, own_organisation=True
        ):
            sides.append(side)
    return sides


@transaction.atomic
def agree(*, by, transfer: Transfer) -> Transfer:
    """Record the user's organisation's agreement; agreed when both sides have agreed."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    sides = sides_for(by, transfer)
    if not sides:
        raise PermissionDenied("Only the finance team of the giving or receiving partner agrees.")
    if transfer.status != Transfer.Status.PROPOSED:
        raise ValueError(f"This transfer is already {transfer.get_status_display().lower()}.")
    now = timezone.now()
    for side in sides:
        setattr(transfer, f"{side}_agreed_by", by)
        setattr(transfer, f"{side}_agreed_at", now)
    if transfer.giver_agreed_by_id and transfer.receiver_agreed_by_id:
        transfer.status = Transfer.Status.AGREED
    transfer.save()
    audit.record(
        "finance.transfer_agreed",
        f"transfer:{transfer.pk}",
        by=by,
        details={"sides": sides, "amount_pence": transfer.amount_pence, "status": transfer.status},
    )
    return transfer


@transaction.atomic
def decline(*, by, transfer: Transfer, reason: str) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    sides = sides_for(by, transfer)
    if not sides:
        raise PermissionDenied("Only the finance team of the giving or receiving partner declines.")
    if transfer.status != Transfer.Status.PROPOSED:
        raise ValueError(f"This transfer is already {transfer.get_status_display().lower()}.")
    transfer.status = Transfer.Status.DECLINED
    transfer.decline_reason = reason
    transfer.save()
    audit.record(
        "finance.transfer_declined",
        f"transfer:{transfer.pk}",
        by=by,
        reason=reason,
        details={"sides": sides, "amount_pence": transfer.amount_pence},
    )
    return transfer
