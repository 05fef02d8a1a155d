"""Reads of a system's finances, always scoped to the system (and year) from the URL.

An object asked for by key from outside the system or year is not found (404), never shown.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from engineroom.finance.models import (
    ImportBatch,
    IncentiveScheme,
    Plan,
    PlanLine,
    Pool,
    PoolLine,
    ReturnLine,
    RoundPartner,
    Scenario,
    ScenarioLine,
    Transfer,
    TransferRound,
)
from engineroom.system.models import System
from engineroom.web.forms import object_id


def years_with_plans(system: System) -> list[int]:
    return sorted(set(Plan.objects.filter(system=system).values_list("year", flat=True)))


def plans(system: System, year: int) -> QuerySet[Plan]:
    return Plan.objects.filter(system=system, year=year).select_related("organisation")


def plan(system: System, year: int, ods_code: str) -> Plan:
    """A partner's plan for the year in this system (404 for a partner reporting elsewhere)."""
    return get_object_or_404(plans(system, year), organisation__ods_code=ods_code)


def import_batch(system: System, year: int, pk: int) -> ImportBatch:
    found = ImportBatch.objects.select_related("plan__organisation")
    return get_object_or_404(found, pk=pk, plan__system=system, plan__year=year)


def rounds(system: System, year: int) -> QuerySet[TransferRound]:
    found = TransferRound.objects.filter(system=system, year=year)
    return found.select_related("created_by", "status_changed_by")


def transfer_round(system: System, year: int, pk: int) -> TransferRound:
    return get_object_or_404(rounds(system, year), pk=pk)


def round_partners(run: TransferRound) -> QuerySet[RoundPartner]:
    return run.partners.select_related("organisation")


def round_transfers(run: TransferRound) -> QuerySet[Transfer]:
    return run.transfers.select_related(
        "round", "giver", "receiver", "giver_agreed_by", "receiver_agreed_by"
    )


def transfer_in(run: TransferRound, pk: int | str | None) -> Transfer:
    return get_object_or_404(round_transfers(run), pk=object_id(pk))


def transfers(system: System, year: int) -> QuerySet[Transfer]:
    """Every transfer proposed in the year's rounds, for the workbook."""
    found = Transfer.objects.filter(round__system=system, round__year=year)
    return found.select_related("giver", "receiver")


def schemes(system: System, year: int) -> QuerySet[IncentiveScheme]:
    return IncentiveScheme.objects.filter(system=system, year=year)


def scheme(system: System, year: int, pk: int | str | None) -> IncentiveScheme:
    return get_object_or_404(schemes(system, year), pk=object_id(pk))


def pools(system: System, year: int) -> QuerySet[Pool]:
    return Pool.objects.filter(system=system, year=year)


def pool_lines(pool: Pool) -> QuerySet[PoolLine]:
    return pool.lines.select_related("organisation")


def scenarios(system: System, year: int) -> QuerySet[Scenario]:
    return Scenario.objects.filter(system=system, year=year).select_related("created_by")


def scenario(system: System, year: int, pk: int) -> Scenario:
    return get_object_or_404(scenarios(system, year), pk=pk)


def scenario_lines(scenario: Scenario) -> QuerySet[ScenarioLine]:
    return scenario.lines.select_related("organisation")


def return_lines(plan: Plan, month: int | None) -> list[ReturnLine]:
    """A partner's return lines for one month (none before its first return)."""
    return list(plan.returns.filter(month=month)) if month else []


def plan_lines(plan: Plan) -> list[PlanLine]:
    return list(plan.lines.all())
