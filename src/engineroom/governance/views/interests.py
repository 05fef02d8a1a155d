"""Registers of interests and annual returns (S8), and the governance health check."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from engineroom.governance import actions, exports, health, presenters, queries
from engineroom.governance.forms import InterestForm, ReturnForm
from engineroom.governance.views.base import EDIT, VIEW, FormPage
from engineroom.web import periods
from engineroom.web.pages import DownloadPage, SystemPage


class Interests(SystemPage):
    """The register: withheld entries only for governance leads; returns made and still due."""

    permission, edit_permission = VIEW, EDIT
    template_name = "governance/interests.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        register = queries.register(self.system, public=not self.can_edit)
        year = periods.financial_year_of(dt.date.today())
        context.update(
            rows=presenters.interest_rows(register),
            returns=queries.returns_in_year(self.system, year),
            due=queries.returns_due(self.system),
            year=year,
        )
        return context


class ReturnsDueXlsx(DownloadPage):
    """The members still to make this year's return, with their bodies: the chasing list."""

    permission = VIEW

    def download(self, **kwargs):
        year = periods.financial_year_of(dt.date.today())
        return exports.returns_due(queries.returns_due(self.system), self.system, year)


class InterestsXlsx(DownloadPage):
    permission, edit_permission = VIEW, EDIT

    def download(self, **kwargs):
        register = queries.register(self.system, public=not self.can_edit)
        return exports.interests_register(register, self.system, withheld=self.can_edit)


class Health(SystemPage):
    permission = VIEW
    template_name = "governance/health.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            checks=health.checks(self.system),
            due=queries.returns_due(self.system),
            year=periods.financial_year_of(dt.date.today()),
        )
        return context


class DeclareInterest(FormPage):
    form_class = InterestForm
    title = "Declare an interest"

    def get_success_url(self):
        return reverse("governance:interests", args=[self.system.code])

    def perform(self, data):
        data["value_pence"] = data.pop("value")
        actions.declare_interest(by=self.request.user, system=self.system, **data)


class SubmitReturn(DeclareInterest):
    form_class = ReturnForm
    title = "Record an annual return"

    def perform(self, data):
        today = dt.date.today()
        year = periods.financial_year_of(today)
        actions.submit_return(by=self.request.user, system=self.system, year=year, on=today, **data)
