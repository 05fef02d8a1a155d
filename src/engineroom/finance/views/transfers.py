"""Transfers to balance: propose a round from the latest forecasts, then each side decides."""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.finance import actions, queries, rules
from engineroom.finance.forms import DecideForm, RoundForm, RoundStatusForm
from engineroom.finance.models import Transfer, TransferRound
from engineroom.finance.position import position
from engineroom.finance.views.base import InYear
from engineroom.web.pages import ActionFormPage


class Transfers(InYear, ActionFormPage):
    """Earlier rounds, and (for finance) the form proposing a new one (S14)."""

    edit_permission = Permission.FINANCE_EDIT
    template_name = "finance/transfers.html"
    form_class = RoundForm

    def post(self, request, *args, **kwargs):
        self.require(Permission.FINANCE_EDIT)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        partners = [p.organisation for p in position(self.system, self.year).partners]
        return {**super().get_form_kwargs(), "partners": partners}

    def get_context_data(self, **kwargs):
        return super().get_context_data(rounds=queries.rounds(self.system, self.year), **kwargs)

    def perform(self, data):
        self.run = actions.propose_transfers(
            by=self.request.user,
            system=self.system,
            year=self.year,
            limits=data["limits"],
            excluded=data["excluded_ids"],
            note=data["note"],
        )

    def get_success_url(self):
        return reverse("finance:round", args=[self.system.code, self.year, self.run.pk])


class RoundDetail(InYear, ActionFormPage):
    """A round's transfers with why each helps; the giving and receiving partners decide while
    it is open, and system finance closes it and then marks it settled."""

    edit_permission = Permission.FINANCE_EDIT
    template_name = "finance/round.html"
    form_class = DecideForm
    transfer: Transfer | None = None  # the one being decided, on a POST

    @cached_property
    def run(self) -> TransferRound:
        return queries.transfer_round(self.system, self.year, self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        if "status" in request.POST:  # closing or settling the round
            self.require(Permission.FINANCE_EDIT)
            self.form_class = RoundStatusForm
            return super().post(request, *args, **kwargs)
        self.transfer = queries.transfer_in(self.run, request.POST.get("transfer"))
        rules.require_side(request.user, self.transfer)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            round=self.run,
            partners=queries.round_partners(self.run),
            transfers=[(t, rules.deciding_for(user, t)) for t in queries.round_transfers(self.run)],
            failed=self.transfer.pk if self.transfer else None,
            can_close=self.can_edit and rules.can_close(self.run),
            can_settle=self.can_edit and rules.can_settle(self.run),
            **kwargs,
        )

    def perform(self, data):
        if "status" in data:
            change = {"closed": actions.close_round, "settled": actions.settle_round}
            run = change[data["status"]](by=self.request.user, run=self.run)
            return f"Round {run.pk} is now {run.get_status_display().lower()}."
        if data["decision"] == "agree":
            actions.agree_transfer(by=self.request.user, transfer=self.transfer)
        else:
            actions.decline_transfer(
                by=self.request.user, transfer=self.transfer, reason=data["reason"]
            )

    def get_success_url(self):
        return reverse("finance:round", args=[self.system.code, self.year, self.run.pk])
