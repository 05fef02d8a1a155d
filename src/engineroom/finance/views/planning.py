"""Planning choices for the system: the incentive scheme's linked share and named scenarios."""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.finance import actions, incentives, presenters, queries, rules, scenarios
from engineroom.finance.forms import AdjustForm, ScenarioForm, ShareForm
from engineroom.finance.models import IncentiveScheme, Scenario
from engineroom.finance.position import position
from engineroom.finance.views.base import InYear
from engineroom.web.pages import ActionFormPage


class Incentives(InYear, ActionFormPage):
    """What each partner gains or loses under each linked share if the system hits or misses."""

    edit_permission = Permission.FINANCE_EDIT
    template_name = "finance/incentives.html"
    form_class = ShareForm
    scheme: IncentiveScheme | None = None  # the one being changed, on a POST

    def post(self, request, *args, **kwargs):
        system_level = rules.is_system_level_finance(request.user, self.system)
        if not system_level:
            self.require(Permission.FINANCE_EDIT)  # finance of one partner: told why below
        self.scheme = queries.scheme(self.system, self.year, request.POST.get("scheme"))
        if not system_level:
            return self.refused(request.POST.get("percent", ""))
        return super().post(request, *args, **kwargs)

    def refused(self, asked: str):
        """A partner's own finance team asked to change the share: say why not (403), audited."""
        message = actions.refuse_linked_share(by=self.request.user, scheme=self.scheme, asked=asked)
        response = self.render_to_response(self.get_context_data(refused=message))
        response.status_code = 403
        return response

    def get_context_data(self, **kwargs):
        current = position(self.system, self.year)
        schemes = queries.schemes(self.system, self.year)
        found = [(s, incentives.options(s, current)) for s in schemes]
        return super().get_context_data(
            position=current,
            schemes=found,
            charts={s.pk: presenters.incentive_chart(s, options) for s, options in found},
            failed=self.scheme.pk if self.scheme else None,
            can_set_share=rules.is_system_level_finance(self.request.user, self.system),
            share_rule=rules.SYSTEM_LEVEL_ONLY,
            **kwargs,
        )

    def perform(self, data):
        share = data["percent"] / 100
        actions.set_linked_share(by=self.request.user, scheme=self.scheme, share=share)
        return f"The linked share of {self.scheme.name} is now {data['percent']}%."

    def get_success_url(self):
        return reverse("finance:incentives", args=[self.system.code, self.year])


class Scenarios(InYear, ActionFormPage):
    """Named scenarios for the year; tick two or more to compare side by side."""

    edit_permission = Permission.FINANCE_EDIT
    template_name = "finance/scenarios.html"
    form_class = ScenarioForm

    def post(self, request, *args, **kwargs):
        self.require(Permission.FINANCE_EDIT)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        found = list(queries.scenarios(self.system, self.year))
        chosen = [s for s in found if str(s.pk) in self.request.GET.getlist("compare")]
        comparison = scenarios.compare(chosen) if chosen else None
        return super().get_context_data(scenarios=found, comparison=comparison, **kwargs)

    def perform(self, data):
        self.scenario = actions.create_scenario(
            by=self.request.user, system=self.system, year=self.year, name=data["name"]
        )

    def get_success_url(self):
        args = [self.system.code, self.year, self.scenario.pk]
        return reverse("finance:scenario", args=args)


class ScenarioDetail(InYear, ActionFormPage):
    """One scenario's outturn by partner; finance changes its assumptions partner by partner."""

    edit_permission = Permission.FINANCE_EDIT
    template_name = "finance/scenario.html"
    form_class = AdjustForm

    @cached_property
    def scenario(self) -> Scenario:
        return queries.scenario(self.system, self.year, self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        self.require(Permission.FINANCE_EDIT)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lines": queries.scenario_lines(self.scenario)}

    def get_context_data(self, **kwargs):
        comparison = scenarios.compare([self.scenario])
        return super().get_context_data(scenario=self.scenario, comparison=comparison, **kwargs)

    def perform(self, data):
        actions.adjust_scenario(
            by=self.request.user, scenario=self.scenario, changes=data["changes"]
        )
        return "The scenario's assumptions were saved."

    def get_success_url(self):
        return reverse("finance:scenario", args=[self.system.code, self.year, self.scenario.pk])
