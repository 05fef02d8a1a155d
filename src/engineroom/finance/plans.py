"""Writes to a partner's plan: its control total and income and expenditure by category."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission
from engineroom.audit import actions as audit
from engineroom.finance.models import Plan, PlanLine


@transaction.atomic
def update_plan(*, by, plan: Plan, control_total: int, lines: dict[str, tuple[int, int]]) -> Plan:
    """Set the control total and each category's (income, expenditure) in pence."""
    if not has_permission(
        by, Permission.FINANCE_EDIT, organisation=plan.organisation, own_organisation=True
    ):
        raise PermissionDenied("Only this partner's own finance team can change its plan.")
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
        f"finance-plan:{plan.pk}",
        by=by,
        details={"control_total": [before, control_total], "lines": lines},
    )
    return plan
