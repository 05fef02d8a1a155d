"""Finance pages. Thin: scope and permission, then a service, then a template."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from engineroom.accounts.permissions import Permission
from engineroom.accounts.rules import has_permission
from engineroom.finance import (
    capitation,
    exports,
    incentives,
    leftshift,
    pools,
    position,
    presenters,
    scenarios,
)
from engineroom.finance.forms import (
    AdjustForm,
    ScenarioForm,
    ShareForm,
)
from engineroom.finance.models import (
    IncentiveScheme,
    Pool,
    Scenario,
    TransferRound,
)
from engineroom.web import periods
from engineroom.web.scoping import SystemScopedMixin


class FinanceView(SystemScopedMixin, TemplateView):
    permission = Permission.FINANCE_VIEW

    @property
    def year(self) -> int:
        if "year" in self.kwargs:
            return self.kwargs["year"]
        known = position.years_with_plans(self.system)
        return known[-1] if known else periods.year_of(dt.date.today())

    def can_edit_system(self) -> bool:
        return has_permission(self.request.user, Permission.FINANCE_EDIT, system=self.system)

    def require_edit(self) -> None:
        if not self.can_edit_system():
            raise PermissionDenied("Only a partner's finance team can change this.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = self.year
        context["years"] = position.years_with_plans(self.system)
        return context


class Position(FinanceView):
    """The open-book system position (S14): every partner's plan against forecast."""

    template_name = "finance/position.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = position.position(self.system, self.year)
        context["position"] = current
        context["chart"] = presenters.forecast_chart(current.months, current.control_total)
        return context


class PartnerDetail(FinanceView):
    template_name = "finance/partner.html"

    def get_plan(self):
        plan = position.plans(self.system, self.year).filter(
            organisation__ods_code=self.kwargs["ods_code"]
        )
        return get_object_or_404(plan)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.get_plan()
        current = position.position(self.system, self.year)
        row = next(p for p in current.partners + current.councils if p.plan.pk == plan.pk)
        context.update(
            plan=plan,
            row=row,
            lines=plan.lines.all(),
            returns=position.return_lines(plan, current.month),
            can_edit=has_permission(
                self.request.user,
                Permission.FINANCE_EDIT,
                organisation=plan.organisation,
                own_organisation=True,
            ),
        )
        return context


class Incentives(FinanceView):
    """What each partner gains or loses under each linked share if the system hits or misses."""

    template_name = "finance/incentives.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = position.position(self.system, self.year)
        schemes = IncentiveScheme.objects.filter(system=self.system, year=self.year)
        context["position"] = current
        context["schemes"] = [(s, incentives.options(s, current)) for s in schemes]
        context["can_edit"] = self.can_edit_system()
        context.setdefault("form", ShareForm())
        return context

    def post(self, request, *args, **kwargs):
        self.require_edit()
        scheme = get_object_or_404(
            IncentiveScheme, pk=request.POST.get("scheme") or 0, system=self.system, year=self.year
        )
        form = ShareForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, failed=scheme.pk))
        share = form.cleaned_data["percent"] / 100
        incentives.set_linked_share(by=request.user, scheme=scheme, share=share)
        messages.info(
            request, f"The linked share of {scheme.name} is now {form.cleaned_data['percent']}%."
        )
        return redirect("finance:incentives", self.system.code, self.year)


class LeftShift(FinanceView):
    """Spend by sector over time for the system and each place (S16)."""

    template_name = "finance/left_shift.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trend = leftshift.system_trend(self.system)
        context["trend"] = trend
        context["places"] = leftshift.place_trend(self.system)
        context["sectors"] = leftshift.sectors(trend)
        context["shift"] = leftshift.summary(trend)
        context["bars"] = presenters.stacked_bars(trend, context["sectors"])
        context["legend"] = presenters.legend(context["sectors"])
        context["table"] = presenters.sector_table(trend, context["sectors"])
        context["chart_height"] = len(trend) * 30 + 10
        return context


class Export(FinanceView):
    def get(self, request, *args, **kwargs):
        content = exports.workbook(self.system, self.year)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"finance-{self.system.code}-{self.year}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class BoardReport(FinanceView):
    """The board finance report as accessible HTML; the PDF is made from the same page."""

    template_name = "finance/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = position.position(self.system, self.year)
        context["position"] = current
        context["trend"] = leftshift.system_trend(self.system)
        context["shift"] = leftshift.summary(context["trend"])
        context["rounds"] = TransferRound.objects.filter(system=self.system, year=self.year)[:1]
        return context


class BoardReportPdf(BoardReport):
    def render_to_response(self, context, **kwargs):
        html = super().render_to_response(context, **kwargs).rendered_content
        pdf = exports.pdf(html, base_url=self.request.build_absolute_uri("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"finance-report-{self.system.code}-{self.year}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class Pools(FinanceView):
    """Section 75 pools and the Better Care Fund with the overspend allocated by each rule."""

    template_name = "finance/pools.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = Pool.objects.filter(system=self.system, year=self.year)
        context["pools"] = [
            (pool, pool.lines.select_related("organisation"), pools.pool_allocation(pool))
            for pool in found
        ]
        return context


class Capitation(FinanceView):
    """Needs-weighted capitation budgets for places, with the data path used stated."""

    template_name = "finance/capitation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        total = capitation.commissioner_budget(self.system, self.year)
        source, rows = capitation.budgets(self.system, total)
        context.update(total=total, source=source, rows=rows, fallback=capitation.FALLBACK)
        return context


class Scenarios(FinanceView):
    """Named scenarios for the year; tick two or more to compare side by side."""

    template_name = "finance/scenarios.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = Scenario.objects.filter(system=self.system, year=self.year)
        chosen = [s for s in found if str(s.pk) in self.request.GET.getlist("compare")]
        context["scenarios"] = found
        context["comparison"] = scenarios.compare(chosen) if chosen else None
        context["can_edit"] = self.can_edit_system()
        context.setdefault("form", ScenarioForm())
        return context

    def post(self, request, *args, **kwargs):
        self.require_edit()
        form = ScenarioForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            scenario = scenarios.create(
                by=request.user, system=self.system, year=self.year, name=form.cleaned_data["name"]
            )
        except ValueError as error:
            form.add_error("name", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        return redirect("finance:scenario", self.system.code, self.year, scenario.pk)


class ScenarioDetail(FinanceView):
    template_name = "finance/scenario.html"

    def get_scenario(self) -> Scenario:
        return get_object_or_404(Scenario, pk=self.kwargs["pk"], system=self.system, year=self.year)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scenario = self.get_scenario()
        lines = scenario.lines.select_related("organisation")
        context["scenario"] = scenario
        context["comparison"] = scenarios.compare([scenario])
        context["can_edit"] = self.can_edit_system()
        context.setdefault("form", AdjustForm(lines=lines))
        return context

    def post(self, request, *args, **kwargs):
        self.require_edit()
        scenario = self.get_scenario()
        form = AdjustForm(request.POST, lines=scenario.lines.select_related("organisation"))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        scenarios.adjust(by=request.user, scenario=scenario, changes=form.changes())
        messages.info(request, "The scenario's assumptions were saved.")
        return redirect("finance:scenario", self.system.code, self.year, scenario.pk)
