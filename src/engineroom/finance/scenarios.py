"""Scenarios: copy a year's forecast, change assumptions per partner, compare side by side."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission
from engineroom.audit import actions as audit
from engineroom.finance.models import Scenario, ScenarioLine
from engineroom.finance.position import position
from engineroom.system.models import System


def _require(user, system: System) -> None:
    if not has_permission(user, Permission.FINANCE_EDIT, system=system):
        raise PermissionDenied("Only a partner's finance team can change scenarios.")


@transaction.atomic
def create(*, by, system: System, year: int, name: str) -> Scenario:
    _require(by, system)
    current = position(system, year)
    partners = [p for p in current.partners if p.after_transfers is not None]
    if not partners:
        raise ValueError("No partner has sent a return for this year yet.")
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
    audit.record("finance.scenario_created", f"scenario:{scenario.pk}", by=by, details={"name": name, "year": year})  # fmt: skip
    return scenario


@transaction.atomic
def adjust(*, by, scenario: Scenario, changes: dict[int, tuple[int, str]]) -> Scenario:
    """Set each partner's adjustment (pence) and note: ``{organisation id: (pence, note)}``."""
    _require(by, scenario.system)
    for line in scenario.lines.select_for_update():
        if line.organisation_id in changes:
            line.adjustment_pence, line.note = changes[line.organisation_id]
            line.save(update_fields=["adjustment_pence", "note"])
    audit.record("finance.scenario_adjusted", f"scenario:{scenario.pk}", by=by, details={str(k): v[0] for k, v in changes.items()})  # fmt: skip
    return scenario


@dataclass
class Comparison:
    scenarios: list[Scenario]
    rows: list[tuple[object, list[ScenarioLine | None]]]
    totals: list[tuple[int, int, bool]]  # control total, outturn, meets per scenario


def compare(scenarios: list[Scenario]) -> Comparison:
    lines = {
        s.pk: {ln.organisation_id: ln for ln in s.lines.select_related("organisation")}
        for s in scenarios
    }
    organisations = {}
    for by_org in lines.values():
        for line in by_org.values():
            organisations[line.organisation_id] = line.organisation
    rows = [
        (org, [lines[s.pk].get(org_id) for s in scenarios])
        for org_id, org in sorted(organisations.items(), key=lambda kv: kv[1].name)
    ]
    totals = []
    for s in scenarios:
        control = sum(ln.control_total_pence for ln in lines[s.pk].values())
        outturn = sum(ln.outturn for ln in lines[s.pk].values())
        totals.append((control, outturn, outturn >= control))
    return Comparison(scenarios, rows, totals)
