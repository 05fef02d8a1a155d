"""The open-book position: plan against forecast for each partner and the system, month by month.

The system control total is the sum of the NHS partners' control totals; council spend is shown
alongside but is outside it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate

from django.db.models import F, Sum

from engineroom.finance import queries
from engineroom.finance.models import Plan, ReturnLine, Transfer
from engineroom.finance.money import apportion
from engineroom.system.models import NHS_KINDS, Organisation, System


@dataclass
class Month:
    month: int
    ytd_plan: int
    ytd_actual: int
    forecast: int
    risk: int


@dataclass
class PartnerPosition:
    organisation: Organisation
    plan: Plan
    control_total: int
    forecast: int | None  # None until a return is in
    risk: int
    ytd_plan: int
    ytd_actual: int
    transferred: int  # agreed transfers: received minus given
    months: list[Month] = field(default_factory=list)

    @property
    def variance(self) -> int | None:
        return None if self.forecast is None else self.forecast - self.control_total

    @property
    def after_transfers(self) -> int | None:
        return None if self.forecast is None else self.forecast + self.transferred

    @property
    def meets(self) -> bool | None:
        after = self.after_transfers
        return None if after is None else after >= self.control_total


@dataclass
class SystemPosition:
    system: System
    year: int
    month: int | None
    partners: list[PartnerPosition]
    councils: list[PartnerPosition]
    months: list[Month]

    def total(self, attribute: str) -> int:
        return sum(getattr(p, attribute) or 0 for p in self.partners)

    @property
    def control_total(self) -> int:
        return self.total("control_total")

    @property
    def forecast(self) -> int:
        return self.total("forecast")

    @property
    def variance(self) -> int:
        return self.forecast - self.control_total

    @property
    def meets(self) -> bool:
        return self.forecast >= self.control_total

    @property
    def total_risk(self) -> int:
        return self.total("risk")

    @property
    def after_transfers(self) -> int:
        return self.forecast + sum(p.transferred for p in self.partners)

    def row_for(self, plan: Plan) -> PartnerPosition:
        """The position of the partner whose plan this is (NHS partner or council)."""
        return next(p for p in self.partners + self.councils if p.plan.pk == plan.pk)


def latest_month(system: System, year: int) -> int | None:
    months = ReturnLine.objects.filter(plan__system=system, plan__year=year)
    return months.order_by("-month").values_list("month", flat=True).first()


def _monthly_totals(plan_ids: list[int]) -> dict[int, dict[int, dict[str, int]]]:
    rows = (
        ReturnLine.objects.filter(plan_id__in=plan_ids)
        .values("plan_id", "month")
        .annotate(
            actual=Sum(F("income_pence") - F("expenditure_pence")),
            forecast=Sum(F("forecast_income_pence") - F("forecast_expenditure_pence")),
            risk=Sum("risk_pence"),
        )
    )
    out: dict[int, dict[int, dict[str, int]]] = defaultdict(dict)
    for r in rows:
        out[r["plan_id"]][r["month"]] = r
    return out


def _agreed_transfers(system: System, year: int) -> dict[int, int]:
    net: dict[int, int] = defaultdict(int)
    agreed = Transfer.objects.filter(
        round__system=system, round__year=year, status=Transfer.Status.AGREED
    )
    for giver, receiver, amount in agreed.values_list("giver_id", "receiver_id", "amount_pence"):
        net[giver] -= amount
        net[receiver] += amount
    return net


def _partner(plan: Plan, monthly: dict, upto: int | None, transferred: int) -> PartnerPosition:
    phased = list(accumulate(apportion(plan.control_total_pence, [1] * 12)))
    months, actual = [], 0
    for m in range(1, (upto or 0) + 1):
        row = monthly.get(m)
        actual += row["actual"] if row else 0
        forecast = row["forecast"] if row else (months[-1].forecast if months else None)
        months.append(Month(m, phased[m - 1], actual, forecast, row["risk"] if row else 0))
    last = months[-1] if months else None
    return PartnerPosition(
        organisation=plan.organisation,
        plan=plan,
        control_total=plan.control_total_pence,
        forecast=last.forecast if last else None,
        risk=last.risk if last else 0,
        ytd_plan=last.ytd_plan if last else 0,
        ytd_actual=last.ytd_actual if last else 0,
        transferred=transferred,
        months=months,
    )


def position(system: System, year: int, month: int | None = None) -> SystemPosition:
    """Every partner's plan and forecast as at ``month`` (default: the latest return)."""
    month = month or latest_month(system, year)
    all_plans = list(queries.plans(system, year))
    monthly = _monthly_totals([p.pk for p in all_plans])
    net = _agreed_transfers(system, year)
    rows = [_partner(p, monthly.get(p.pk, {}), month, net[p.organisation_id]) for p in all_plans]
    partners = [r for r in rows if r.organisation.kind in NHS_KINDS]
    councils = [r for r in rows if r.organisation.kind not in NHS_KINDS]
    return SystemPosition(system, year, month, partners, councils, _system_months(partners))


def _system_months(partners: list[PartnerPosition]) -> list[Month]:
    count = max((len(p.months) for p in partners), default=0)
    return [
        Month(
            m + 1,
            sum(p.months[m].ytd_plan for p in partners if len(p.months) > m),
            sum(p.months[m].ytd_actual for p in partners if len(p.months) > m),
            sum(p.months[m].forecast or 0 for p in partners if len(p.months) > m),
            sum(p.months[m].risk for p in partners if len(p.months) > m),
        )
        for m in range(count)
    ]
