"""Oversight pages: a system's Making Data Count summary, one measure's chart, statistics
imports, and the region's view across its systems with the written triggers (the regulator's
home). Every partner sees its own system's oversight; the region pages need ``region.view``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from engineroom.accounts.permissions import Permission
from engineroom.oversight import actions, exports, presenters, queries
from engineroom.oversight.forms import ChartForm, ConfirmForm, StatisticsForm, TriggerForm
from engineroom.system.queries import region as region_named
from engineroom.system.rules import may_view_region
from engineroom.web import downloads
from engineroom.web.pages import ActionFormPage, DownloadPage, SystemPage
from engineroom.web.uploads import UploadRefused

VIEW, EDIT = Permission.OVERSIGHT_VIEW, Permission.OVERSIGHT_EDIT


class SystemOversight(SystemPage):
    """Every measure with its latest value, standard, variation and assurance icons; sortable."""

    permission, edit_permission = VIEW, EDIT
    template_name = "oversight/summary.html"

    def get_context_data(self, **kwargs):
        sort = self.request.GET.get("sort", "measure")
        return super().get_context_data(
            rows=presenters.summary_table(queries.summary_rows(self.system), sort),
            sort=sort if sort in presenters.SORTS else "measure",
            sorts=presenters.SORT_LABELS,
            segments=queries.segments(self.system),
            fired=presenters.fired(queries.firings_now(self.system)),
            **kwargs,
        )


class MeasurePage(SystemPage):
    """One measure: the XmR chart, its table, the standard by year and the triggers about it."""

    permission = VIEW
    template_name = "oversight/measure.html"

    def get_context_data(self, **kwargs):
        measure = queries.measure_or_404(kwargs.pop("measure"))
        form = ChartForm(self.request.GET or None)
        options = presenters.chart_options(form, measure)
        found = queries.observations(self.system, measure.code)
        rebase = presenters.chart_rebase(form)
        shown = presenters.measure_chart(measure, found, options, rebase) if found else None
        chart, result = shown or (None, None)
        return super().get_context_data(
            measure=measure,
            form=form,
            chart=chart,
            result=result,
            standards=presenters.standards(measure),
            firings=presenters.fired(queries.firings(self.system, code=measure.code)),
            sources=presenters.sources(found),
            rebase_note=presenters.rebase_note(rebase, found),
            **kwargs,
        )


class SystemExport(DownloadPage):
    """The summary as XLSX (every measure's series too) or as a board-ready PDF."""

    permission = VIEW

    def download(self, **kwargs):
        exports.check_format(kwargs["fmt"])
        if kwargs["fmt"] == "pdf":
            return exports.system_pdf(self.system, base_url=self.request.build_absolute_uri("/"))
        return exports.system_xlsx(self.system)


class ImportStatistics(ActionFormPage):
    """Upload a monthly statistics file for the systems the user may load."""

    permission = EDIT
    form_class = StatisticsForm
    template_name = "oversight/import.html"
    form_kwargs_system = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(imports=queries.imports(self.request.user), **kwargs)

    def perform(self, data):
        upload = data["file"]
        try:
            self.done = actions.import_statistics(
                upload.read(),
                file_name=upload.name,
                systems=queries.editable_systems(self.request.user),
                by=self.request.user,
            )
        except UploadRefused as error:
            raise ValidationError({"file": str(error)}) from None
        return (
            f"{self.done.rows_in:,} rows read: {self.done.accepted:,} accepted, "
            f"{self.done.quarantined:,} with problems."
        )

    def get_success_url(self):
        return reverse("oversight:import-result", args=[self.system.code, self.done.pk])


class FinancePosition(ActionFormPage):
    """Take the system's finance position from its partners' monthly returns (a confirm page)."""

    permission = EDIT
    form_class = ConfirmForm
    template_name = "oversight/finance.html"
    form_kwargs_system = False

    def get_context_data(self, **kwargs):
        latest = queries.finance_latest(self.system)
        return super().get_context_data(latest=presenters.key_cell(latest), **kwargs)

    def perform(self, data):
        months = actions.record_finance_positions(self.system, by=self.request.user)
        return f"The finance position is taken from {months} months of returns."

    def get_success_url(self):
        return reverse("oversight:measure", args=[self.system.code, "finance_variance"])


class ImportResult(SystemPage):
    permission = EDIT
    template_name = "oversight/import_result.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            done=queries.statistics_import(kwargs["pk"], self.request.user), **kwargs
        )


class InRegion(LoginRequiredMixin):
    """A region page: ``self.region`` from the URL, refused without a regional view of it."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.region = region_named(kwargs["region"])
        if not may_view_region(request.user, self.region):
            raise PermissionDenied("You do not have a regional view of this region.")
        self.can_edit = queries.may_edit_triggers(request.user, self.region)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.update(region=self.region, can_edit=self.can_edit)
        return super().get_context_data(**kwargs)


class RegionOversight(InRegion, TemplateView):
    """Across the region's systems: segment, triggers firing, finance, leadership, key measures."""

    template_name = "oversight/region.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rows=[presenters.region_row(r) for r in queries.region_rows(self.region)],
            key=presenters.key_measures(),
            triggers=presenters.trigger_rows(queries.triggers(self.region)),
            **kwargs,
        )


class RegionExport(InRegion, View):
    def get(self, request, *args, **kwargs):
        exports.check_format(kwargs["fmt"])
        if kwargs["fmt"] == "pdf":
            found = exports.region_pdf(self.region, base_url=request.build_absolute_uri("/"))
        else:
            found = exports.region_xlsx(self.region)
        return downloads.response(found)


class TriggerEdit(InRegion, FormView):
    """Write a new trigger or change one (the regional team only); the history is audited."""

    template_name = "oversight/trigger.html"
    form_class = TriggerForm

    def get(self, request, *args, **kwargs):
        self._require_edit()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._require_edit()
        return super().post(request, *args, **kwargs)

    def _require_edit(self):
        if not self.can_edit:
            raise PermissionDenied("Only the regional team may change the region's triggers.")
        pk = self.kwargs.get("pk")
        self.trigger = queries.trigger(self.region, pk) if pk else None

    def get_initial(self):
        return presenters.trigger_initial(self.trigger) if self.trigger else {"active": True}

    def get_context_data(self, **kwargs):
        history = queries.trigger_history(self.trigger) if self.trigger else []
        return super().get_context_data(trigger=self.trigger, history=history, **kwargs)

    def form_valid(self, form):
        try:
            actions.save_trigger(
                self.trigger, region=self.region, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Trigger saved; every system's firings found again.")
        return HttpResponseRedirect(reverse("oversight:region", args=[self.region.code]))
