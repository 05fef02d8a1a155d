"""What the finance pages share: the year they show and who may open a partner's own pages."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.finance import presenters, queries, rules
from engineroom.finance.models import Plan
from engineroom.system.models import Organisation, System
from engineroom.web import periods


def year_labels(year: int) -> dict:
    """What every finance template uses to name months and say whether a total is met."""
    return {
        "year": year,
        "month_names": presenters.month_names(year),
        "meets_labels": presenters.MEETS,
    }


def partner_url(system: System, year: int, organisation: Organisation) -> str:
    return reverse("finance:partner", args=[system.code, year, organisation.ods_code])


class InYear:
    """The financial year in the URL, or (on pages without one) the latest year with plans."""

    permission = Permission.FINANCE_VIEW
    form_kwargs_system = False  # the finance forms choose within the year, not the system

    @cached_property
    def year(self) -> int:
        if "year" in self.kwargs:
            return self.kwargs["year"]
        known = queries.years_with_plans(self.system)
        return known[-1] if known else periods.year_of(dt.date.today())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(year_labels(self.year))
        return context


class PartnerPlan(InYear):
    """A page about one partner's plan for the year (404 if the partner reports elsewhere)."""

    @cached_property
    def plan(self) -> Plan:
        return queries.plan(self.system, self.year, self.kwargs["ods_code"])


class OwnPartnerOnly:
    """Only the partner's own finance team opens or sends this page."""

    def owner(self) -> Organisation:
        raise NotImplementedError(f"{type(self).__name__} must say whose page it is")

    def get(self, request, *args, **kwargs):
        rules.require_own_partner(request.user, self.owner())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        rules.require_own_partner(request.user, self.owner())
        return super().post(request, *args, **kwargs)
