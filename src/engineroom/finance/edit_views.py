"""Finance pages that change data: returns, plans and transfer decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission
from engineroom.finance import imports, plans, position, rounds
from engineroom.finance.forms import DecideForm, ImportForm, PlanForm, RoundForm
from engineroom.finance.models import ImportBatch, Transfer, TransferRound
from engineroom.finance.views import FinanceView, PartnerDetail


class ReturnImport(PartnerDetail):
    """Upload a monthly return; checked rows wait for confirmation on the preview page."""

    template_name = "finance/import.html"

    def get(self, request, *args, **kwargs):
        self._require_own(self.get_plan())
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def _require_own(self, plan):
        if not has_permission(
            self.request.user,
            Permission.FINANCE_EDIT,
            organisation=plan.organisation,
            own_organisation=True,
        ):
            raise PermissionDenied("Only this partner's own finance team can send its returns.")

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        self._require_own(plan)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            batch = imports.stage(
                by=request.user, plan=plan, filename=upload.name, content=upload.read()
            )
        except imports.ImportRefused as refused:
            context = self.get_context_data(form=form, problems=refused.problems)
            return self.render_to_response(context)
        return redirect("finance:import-preview", self.system.code, self.year, batch.pk)


class ImportPreview(FinanceView):
    template_name = "finance/import_preview.html"

    def get_batch(self) -> ImportBatch:
        return get_object_or_404(
            ImportBatch.objects.select_related("plan__organisation"),
            pk=self.kwargs["pk"],
            plan__system=self.system,
            plan__year=self.year,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.get_batch()
        if not has_permission(
            self.request.user,
            Permission.FINANCE_EDIT,
            organisation=batch.plan.organisation,
            own_organisation=True,
        ):
            raise PermissionDenied("Only this partner's own finance team sees its pending files.")
        context["batch"] = batch
        return context

    def post(self, request, *args, **kwargs):
        batch = self.get_batch()
        if request.POST.get("action") == "discard":
            imports.discard(by=request.user, batch=batch)
            messages.info(request, "The file was discarded; nothing was imported.")
        else:
            try:
                count = imports.apply(by=request.user, batch=batch)
            except ValueError as error:
                messages.info(request, str(error))
            else:
                messages.info(request, f"Imported {count} return lines.")
        code = batch.plan.organisation.ods_code
        return redirect("finance:partner", self.system.code, self.year, code)


class Transfers(FinanceView):
    """Propose transfers to balance (S14) and list earlier rounds."""

    template_name = "finance/transfers.html"

    def partners(self):
        return [p.organisation for p in position.position(self.system, self.year).partners]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", RoundForm(partners=self.partners()))
        context["rounds"] = TransferRound.objects.filter(system=self.system, year=self.year)
        context["can_propose"] = self.can_edit_system()
        return context

    def post(self, request, *args, **kwargs):
        self.require_edit()
        form = RoundForm(request.POST, partners=self.partners())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            run = rounds.run_round(
                by=request.user,
                system=self.system,
                year=self.year,
                limits=form.limits(),
                excluded=form.excluded_ids(),
                note=form.cleaned_data["note"],
            )
        except rounds.NoForecasts as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        return redirect("finance:round", self.system.code, self.year, run.pk)


class RoundDetail(FinanceView):
    template_name = "finance/round.html"

    def get_round(self) -> TransferRound:
        return get_object_or_404(
            TransferRound, pk=self.kwargs["pk"], system=self.system, year=self.year
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.get_round()
        items = run.transfers.select_related(
            "giver", "receiver", "giver_agreed_by", "receiver_agreed_by"
        )
        context["round"] = run
        context["partners"] = run.partners.select_related("organisation")
        context["transfers"] = [(t, rounds.sides_for(self.request.user, t)) for t in items]
        context.setdefault("form", DecideForm())
        return context

    def post(self, request, *args, **kwargs):
        run = self.get_round()
        transfer = get_object_or_404(Transfer, pk=request.POST.get("transfer") or 0, round=run)
        if not rounds.sides_for(request.user, transfer):
            raise PermissionDenied("Only the giving or receiving partner's finance team decides.")
        form = DecideForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, failed=transfer.pk))
        try:
            if form.cleaned_data["decision"] == "agree":
                rounds.agree(by=request.user, transfer=transfer)
            else:
                rounds.decline(
                    by=request.user, transfer=transfer, reason=form.cleaned_data["reason"]
                )
        except ValueError as error:
            messages.info(request, str(error))
        return redirect("finance:round", self.system.code, self.year, run.pk)


class PlanEdit(PartnerDetail):
    """A partner's own finance team sets its control total and plan lines."""

    template_name = "finance/plan_edit.html"

    def _plan_for_editor(self):
        plan = self.get_plan()
        if not has_permission(
            self.request.user,
            Permission.FINANCE_EDIT,
            organisation=plan.organisation,
            own_organisation=True,
        ):
            raise PermissionDenied("Only this partner's own finance team can change its plan.")
        return plan

    def get(self, request, *args, **kwargs):
        plan = self._plan_for_editor()
        return self.render_to_response(self.get_context_data(form=PlanForm(plan=plan)))

    def post(self, request, *args, **kwargs):
        plan = self._plan_for_editor()
        form = PlanForm(request.POST, plan=plan)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        plans.update_plan(
            by=request.user,
            plan=plan,
            control_total=form.cleaned_data["control_total"],
            lines=form.lines(),
        )
        messages.info(request, "The plan was saved.")
        return redirect("finance:partner", self.system.code, self.year, plan.organisation.ods_code)
