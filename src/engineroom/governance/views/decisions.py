"""Decisions: the list with walking-through-treacle times, a decision's page and its steps (S5, S6)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from engineroom.governance import actions, history, presenters, queries, rules
from engineroom.governance.forms import (
    DateForm,
    DecisionForm,
    PartnerDecisionForm,
    WithdrawForm,
)
from engineroom.governance.views.base import EDIT, VIEW, FormPage, OfDecision
from engineroom.web.pages import SystemPage


class Decisions(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "governance/decisions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bodies = queries.bodies_with_decisions(self.system)
        context["decisions"] = queries.decisions(self.system, confidential=self.can_edit)
        context["treacle"] = [t for t in rules.treacle(bodies) if t.count]
        return context


class DecisionDetail(SystemPage):
    """Where a decision stands, who it waits for, and the steps an editor may take next."""

    permission, edit_permission = VIEW, EDIT
    template_name = "governance/decision.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = queries.decision(self.system, self.kwargs["pk"])
        if decision.confidential:
            self.require(EDIT)
        today = dt.date.today()
        partners = list(queries.partners(decision))
        partner_form = PartnerDecisionForm(system=self.system, decision=decision, prefix="partner")
        context.update(
            decision=decision,
            steps=presenters.decision_steps(decision, today),
            partners=partners,
            timeline=history.timeline(decision, partners),
            timeline_chart=history.chart(decision, partners, dt.date.today()),
            history=history.sentences(queries.history(decision), decision, partners),
            partner_form=partner_form,
            date_form=DateForm(initial={"on": today}, prefix="agree"),
            withdraw_form=WithdrawForm(initial={"on": today}, prefix="withdraw"),
        )
        return context


class NewDecision(FormPage):
    form_class = DecisionForm
    title = "Propose a decision"

    def get_success_url(self):
        return reverse("governance:decisions", args=[self.system.code])

    def perform(self, data):
        data["value_pence"] = data.pop("value")
        actions.propose_decision(by=self.request.user, **data)


class AgreeDecision(OfDecision):
    form_class = DateForm
    form_kwargs_system = False
    title = "Record the body's agreement"
    prefix = "agree"

    def perform(self, data):
        actions.agree_decision(by=self.request.user, decision=self.decision, on=data["on"])


class PartnerDecide(OfDecision):
    form_class = PartnerDecisionForm
    title = "Record a partner board's decision"
    prefix = "partner"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"decision": self.decision}

    def perform(self, data):
        actions.record_partner_decision(by=self.request.user, decision=self.decision, **data)


class Withdraw(OfDecision):
    form_class = WithdrawForm
    form_kwargs_system = False
    title = "Withdraw the decision"
    prefix = "withdraw"

    def perform(self, data):
        actions.withdraw_decision(by=self.request.user, decision=self.decision, **data)
