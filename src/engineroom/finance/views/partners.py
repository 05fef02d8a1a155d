"""A partner's page, and the pages only its own finance team opens: plan and monthly returns."""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.finance import actions, imports, queries, return_template, rules
from engineroom.finance.forms import ImportDecisionForm, ImportForm, PlanForm
from engineroom.finance.models import ImportBatch
from engineroom.finance.position import position
from engineroom.finance.views.base import InYear, OwnPartnerOnly, PartnerPlan, partner_url
from engineroom.system.models import Organisation
from engineroom.web import downloads
from engineroom.web.pages import ActionFormPage, DownloadPage, SystemPage


class PartnerDetail(PartnerPlan, SystemPage):
    """One partner's plan, latest return and months, open to every finance reader."""

    template_name = "finance/partner.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = position(self.system, self.year)
        context.update(
            plan=self.plan,
            row=current.row_for(self.plan),
            month=current.month,
            lines=queries.plan_lines(self.plan),
            returns=queries.return_lines(self.plan, current.month),
            own_partner=rules.is_own_partner(self.request.user, self.plan.organisation),
        )
        return context


class ReturnTemplate(PartnerPlan, DownloadPage):
    """The monthly return template (XLSX) for this partner: what the import accepts."""

    def download(self, **kwargs) -> downloads.Download:
        return return_template.template(self.plan)


class PlanEdit(OwnPartnerOnly, PartnerPlan, ActionFormPage):
    """A partner's own finance team sets its control total and plan lines."""

    permission = Permission.FINANCE_EDIT
    template_name = "finance/plan_edit.html"
    form_class = PlanForm

    def owner(self) -> Organisation:
        return self.plan.organisation

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)

    def perform(self, data):
        actions.update_plan(
            by=self.request.user,
            plan=self.plan,
            control_total=data["control_total"],
            lines=data["lines"],
        )
        return "The plan was saved."

    def get_success_url(self):
        return partner_url(self.system, self.year, self.plan.organisation)


class ReturnImport(OwnPartnerOnly, PartnerPlan, ActionFormPage):
    """Upload a monthly return; checked rows wait for confirmation on the preview page."""

    permission = Permission.FINANCE_EDIT
    template_name = "finance/import.html"
    form_class = ImportForm

    def owner(self) -> Organisation:
        return self.plan.organisation

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except imports.ImportRefused as refused:
            context = self.get_context_data(form=form, problems=refused.problems)
            return self.render_to_response(context)

    def perform(self, data):
        upload = data["file"]
        self.batch = actions.stage_return(
            by=self.request.user, plan=self.plan, filename=upload.name, content=upload.read()
        )

    def get_success_url(self):
        args = [self.system.code, self.year, self.batch.pk]
        return reverse("finance:import-preview", args=args)


class ImportPreview(OwnPartnerOnly, InYear, ActionFormPage):
    """The checked rows of a return, to import or discard."""

    permission = Permission.FINANCE_EDIT
    template_name = "finance/import_preview.html"
    form_class = ImportDecisionForm

    @cached_property
    def batch(self) -> ImportBatch:
        return queries.import_batch(self.system, self.year, self.kwargs["pk"])

    def owner(self) -> Organisation:
        return self.batch.plan.organisation

    def get_context_data(self, **kwargs):
        pending = rules.is_pending(self.batch)
        return super().get_context_data(batch=self.batch, pending=pending, **kwargs)

    def perform(self, data):
        if data["action"] == "discard":
            actions.discard_return(by=self.request.user, batch=self.batch)
            return "The file was discarded; nothing was imported."
        count = actions.import_return(by=self.request.user, batch=self.batch)
        return f"Imported {count} return lines."

    def get_success_url(self):
        return partner_url(self.system, self.year, self.batch.plan.organisation)
