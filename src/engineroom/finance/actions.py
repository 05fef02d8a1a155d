"""Every change to a system's finances: one function per use case, atomic and audited.

Each takes the acting user as ``by=``, checks they may make the change (``rules``), writes, and
records one audit event about the changed row (``audit.subject``). A refusal a person can fix is
a ``ValidationError``; a user without the right gets ``PermissionDenied``.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from engineroom.audit import actions as audit
from engineroom.finance import imports, presenters, rules, transfers
from engineroom.finance.models import (
    ImportBatch,
    IncentiveScheme,
    Plan,
    PlanLine,
    ReturnLine,
    RoundPartner,
    Scenario,
    ScenarioLine,
    Transfer,
    TransferRound,
)
from engineroom.finance.position import position
from engineroom.system.models import System

NO_FORECASTS = "No partner has sent a return for this year yet."


@transaction.atomic
def update_plan(*, by, plan: Plan, control_total: int, lines: dict[str, tuple[int, int]]) -> Plan:
    """Set the control total and each category's (income, expenditure) in pence."""
    rules.require_own_partner(by, plan.organisation)
    before = plan.control_total_pence
    plan.control_total_pence = control_total
    plan.save(update_fields=["control_total_pence", "updated_at"])
    for category, (income, expenditure) in lines.items():
        if income or expenditure:
            PlanLine.objects.update_or_create(
                plan=plan,
                category=category,
                defaults={"income_pence": income, "expenditure_pence": expenditure},
            )
        else:
            plan.lines.filter(category=category).delete()
    audit.record(
        "finance.plan_updated",
        audit.subject(plan),
        by=by,
        details={"control_total": [before, control_total], "lines": lines},
    )
    return plan


@transaction.atomic
def stage_return(*, by, plan: Plan, filename: str, content: bytes) -> ImportBatch:
    """Check a monthly return and keep its rows for the preview; no return line changes yet.

    Raises ``imports.ImportRefused`` naming every bad row and field; nothing is kept then.
    """
    rules.require_own_partner(by, plan.organisation)
    rows = imports.check(imports.read_table(filename, content), plan.year)
    batch = ImportBatch.objects.create(plan=plan, filename=filename[:200], rows=rows, created_by=by)
    audit.record(
        "finance.return_staged",
        audit.subject(batch),
        by=by,
        details={"plan": audit.subject(plan), "file": batch.filename, "rows": len(rows)},
    )
    return batch


def _pending(batch: ImportBatch, by) -> ImportBatch:
    batch = (
        ImportBatch.objects.select_for_update()
        .select_related("plan__organisation")
        .get(pk=batch.pk)
    )
    rules.require_own_partner(by, batch.plan.organisation)
    if not rules.is_pending(batch):
        raise ValidationError("This file has already been imported or discarded")
    return batch


@transaction.atomic
def import_return(*, by, batch: ImportBatch) -> int:
    """Replace the months in the file with its rows, all together; returns the lines written."""
    batch = _pending(batch, by)
    months = sorted({r["month"] for r in batch.rows})
    batch.plan.returns.filter(month__in=months).delete()
    ReturnLine.objects.bulk_create(
        ReturnLine(
            plan=batch.plan,
            month=r["month"],
            category=r["category"],
            income_pence=r["income"],
            expenditure_pence=r["expenditure"],
            forecast_income_pence=r["forecast_income"],
            forecast_expenditure_pence=r["forecast_expenditure"],
            risk_pence=r["risk"],
        )
        for r in batch.rows
    )
    batch.status = ImportBatch.Status.APPLIED
    batch.save(update_fields=["status"])
    audit.record(
        "finance.return_imported",
        audit.subject(batch),
        by=by,
        details={
            "plan": audit.subject(batch.plan),
            "file": batch.filename,
            "rows": len(batch.rows),
            "months": months,
        },
    )
    return len(batch.rows)


@transaction.atomic
def discard_return(*, by, batch: ImportBatch) -> ImportBatch:
    batch = _pending(batch, by)
    batch.status = ImportBatch.Status.DISCARDED
    batch.save(update_fields=["status"])
    audit.record(
        "finance.return_discarded",
        audit.subject(batch),
        by=by,
        details={"plan": audit.subject(batch.plan), "file": batch.filename},
    )
    return batch


def _round_inputs(partners, limits: dict[int, int | None], excluded: set[int]):
    return [
        transfers.Partner(
            key=str(p.organisation.pk),
            control_total=p.control_total,
            forecast=p.after_transfers,
            limit=limits.get(p.organisation.pk),
            excluded=p.organisation.pk in excluded,
        )
        for p in partners
    ]


@transaction.atomic
def propose_transfers(
    *, by, system: System, year: int, limits: dict[int, int | None], excluded: set[int], note=""
) -> TransferRound:
    """Run the transfer programme on the latest forecasts, keeping its inputs for the record."""
    rules.require_system_finance(by, system)
    current = position(system, year)
    partners = [p for p in current.partners if p.forecast is not None]
    if not partners:
        raise ValidationError(NO_FORECASTS)
    inputs = _round_inputs(partners, limits, excluded)
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
            explanation=presenters.transfer_explanation(proposal, t, names),
        )
        for t in proposal.transfers
    )
    audit.record(
        "finance.transfers_proposed",
        audit.subject(run),
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


def _decidable(transfer: Transfer, by) -> tuple[Transfer, list[str]]:
    transfer = (
        Transfer.objects.select_for_update()
        .select_related("giver", "receiver", "round")
        .get(pk=transfer.pk)
    )
    sides = rules.require_side(by, transfer)
    if not rules.is_open(transfer.round):
        status = transfer.round.get_status_display().lower()
        raise ValidationError(f"This round is {status}: its transfers can no longer be decided.")
    if transfer.status != Transfer.Status.PROPOSED:
        raise ValidationError(f"This transfer is already {transfer.get_status_display().lower()}.")
    return transfer, sides


@transaction.atomic
def agree_transfer(*, by, transfer: Transfer) -> Transfer:
    """Record the user's organisation's agreement; agreed once both sides have agreed."""
    transfer, sides = _decidable(transfer, by)
    now = timezone.now()
    for side in sides:
        setattr(transfer, f"{side}_agreed_by", by)
        setattr(transfer, f"{side}_agreed_at", now)
    if transfer.giver_agreed_by_id and transfer.receiver_agreed_by_id:
        transfer.status = Transfer.Status.AGREED
    transfer.save()
    audit.record(
        "finance.transfer_agreed",
        audit.subject(transfer),
        by=by,
        details={"sides": sides, "amount_pence": transfer.amount_pence, "status": transfer.status},
    )
    return transfer


@transaction.atomic
def decline_transfer(*, by, transfer: Transfer, reason: str) -> Transfer:
    transfer, sides = _decidable(transfer, by)
    transfer.status = Transfer.Status.DECLINED
    transfer.decline_reason = reason
    transfer.save()
    audit.record(
        "finance.transfer_declined",
        audit.subject(transfer),
        by=by,
        reason=reason,
        details={"sides": sides, "amount_pence": transfer.amount_pence},
    )
    return transfer


def _move_round(by, run: TransferRound, allowed, to: str, event: str) -> TransferRound:
    rules.require_system_finance(by, run.system)
    run = TransferRound.objects.select_for_update().get(pk=run.pk)
    before = run.status
    if not allowed(run):
        raise ValidationError(f"This round is {run.get_status_display().lower()}.")
    run.status, run.status_changed_by, run.status_changed_at = to, by, timezone.now()
    run.save(update_fields=["status", "status_changed_by", "status_changed_at"])
    undecided = run.transfers.filter(status=Transfer.Status.PROPOSED).count()
    audit.record(
        event,
        audit.subject(run),
        by=by,
        details={"from": before, "to": to, "undecided_transfers": undecided},
    )
    return run


@transaction.atomic
def close_round(*, by, run: TransferRound) -> TransferRound:
    """No more decisions: transfers not agreed by both sides by now are not made."""
    return _move_round(
        by, run, rules.can_close, TransferRound.Status.CLOSED, "finance.round_closed"
    )


@transaction.atomic
def settle_round(*, by, run: TransferRound) -> TransferRound:
    """The agreed transfers of a closed round have been paid between the partners."""
    status = TransferRound.Status.SETTLED
    return _move_round(by, run, rules.can_settle, status, "finance.round_settled")


def set_linked_share(*, by, scheme: IncentiveScheme, share: Decimal) -> IncentiveScheme:
    """Change the share (0 to 1) of each partner's funding linked to the system total: at
    system level only. A refusal is audited (outside the refused change's transaction)."""
    if not rules.is_system_level_finance(by, scheme.system):
        raise PermissionDenied(refuse_linked_share(by=by, scheme=scheme, asked=str(share)))
    return _set_linked_share(by=by, scheme=scheme, share=share)


def refuse_linked_share(*, by, scheme: IncentiveScheme, asked: str) -> str:
    """Record that ``by`` (not system-level finance) asked to change the linked share; returns
    the message to show them."""
    audit.record(
        "finance.incentive_share_refused",
        audit.subject(scheme),
        by=by,
        reason=rules.SYSTEM_LEVEL_ONLY,
        details={"from": str(scheme.linked_share), "asked": asked[:20]},
    )
    return rules.SYSTEM_LEVEL_ONLY


@transaction.atomic
def _set_linked_share(*, by, scheme: IncentiveScheme, share: Decimal) -> IncentiveScheme:
    if not Decimal(0) <= share <= Decimal(1):
        raise ValidationError("The linked share must be between 0% and 100%")
    before = scheme.linked_share
    scheme.linked_share = share
    scheme.save(update_fields=["linked_share"])
    audit.record(
        "finance.incentive_share_changed",
        audit.subject(scheme),
        by=by,
        details={"from": str(before), "to": str(share)},
    )
    return scheme


@transaction.atomic
def create_scenario(*, by, system: System, year: int, name: str) -> Scenario:
    """Copy every NHS partner's latest forecast into a new named scenario."""
    rules.require_system_finance(by, system)
    current = position(system, year)
    partners = [p for p in current.partners if p.after_transfers is not None]
    if not partners:
        raise ValidationError({"name": NO_FORECASTS})
    scenario = Scenario.objects.create(
        system=system, year=year, name=name, as_at_month=current.month, created_by=by
    )
    ScenarioLine.objects.bulk_create(
        ScenarioLine(
            scenario=scenario,
            organisation=p.organisation,
            control_total_pence=p.control_total,
            forecast_pence=p.after_transfers,
        )
        for p in partners
    )
    audit.record(
        "finance.scenario_created",
        audit.subject(scenario),
        by=by,
        details={"name": name, "year": year},
    )
    return scenario


@transaction.atomic
def adjust_scenario(*, by, scenario: Scenario, changes: dict[int, tuple[int, str]]) -> Scenario:
    """Set each partner's adjustment (pence) and note: ``{organisation id: (pence, note)}``."""
    rules.require_system_finance(by, scenario.system)
    for line in scenario.lines.select_for_update():
        if line.organisation_id in changes:
            line.adjustment_pence, line.note = changes[line.organisation_id]
            line.save(update_fields=["adjustment_pence", "note"])
    audit.record(
        "finance.scenario_adjusted",
        audit.subject(scenario),
        by=by,
        details={str(k): v[0] for k, v in changes.items()},
    )
    return scenario
