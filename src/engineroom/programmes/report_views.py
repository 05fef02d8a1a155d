"""Highlight report and quarterly return pages: write, submit, approve (then locked), history,
PDF; the quarterly assurance return assembled from approved monthly reports (S10)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView

from engineroom.programmes import exports, reports
from engineroom.programmes.forms import ReportForm
from engineroom.programmes.models import HighlightReport
from engineroom.programmes.views import EDIT, Base
from engineroom.web import periods

# --- Highlight reports ---------------------------------------------------------------------


class ReportMixin(Base):
    def report(self) -> HighlightReport:
        try:
            month = periods.parse_month(self.kwargs["month"])
        except ValueError as error:
            raise Http404("No such month.") from error
        return get_object_or_404(
            HighlightReport.objects.filter(programme__system=self.system).select_related(
                "programme"
            ),
            programme__code=self.kwargs["code"],
            month=month,
        )


class ReportDetail(ReportMixin, TemplateView):
    template_name = "programmes/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report()
        context.update(report=report, programme=report.programme, versions=reports.history(report))
        return context


class ReportPDF(ReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        report = self.report()
        content = exports.pdf(
            "programmes/print_report.html",
            {"report": report, "programme": report.programme, "system": self.system},
            base_url=request.build_absolute_uri("/"),
        )
        response = HttpResponse(content, content_type="application/pdf")
        name = f"{report.programme.code}-{report.month_slug}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ReportEdit(ReportMixin, FormView):
    """Write a new monthly report or change a draft one. Approved reports are refused (403)."""

    permission = EDIT
    template_name = "programmes/report_form.html"
    form_class = ReportForm

    def existing(self):
        return self.report() if "month" in self.kwargs else None

    def get(self, request, *args, **kwargs):
        report = self.existing()
        if report and report.locked:
            raise reports.ReportLocked(report)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        report = self.existing()
        if report:
            kwargs["instance"] = report
            kwargs["fixed_month"] = report.month
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programme"] = self.programme()
        context["report"] = self.existing()
        return context

    def form_valid(self, form):
        programme = self.programme()
        report = self.existing()
        content = {k: form.cleaned_data[k] for k in reports.CONTENT_FIELDS}
        month = report.month if report else form.cleaned_data["month_text"]
        try:
            report = reports.save_report(
                by=self.request.user, programme=programme, month=month, report=report, **content
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "month" in error.error_dict:
                form.add_error("month_text", error.error_dict["month"])
                return self.render_to_response(self.get_context_data(form=form))
            return self.form_errors(form, error)
        messages.success(self.request, f"Report for {report.month:%B %Y} saved as a draft.")
        return redirect("programmes:report", self.system.code, programme.code, report.month_slug)


class ReportTransition(ReportMixin, TemplateView):
    """POST only: submit or approve a report."""

    permission = EDIT
    http_method_names = ["post"]
    action = "submit"

    def post(self, request, *args, **kwargs):
        report = self.report()
        act = reports.submit_report if self.action == "submit" else reports.approve_report
        try:
            report = act(by=request.user, report=report)
            messages.success(request, f"Report {report.get_status_display().lower()}.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(
            "programmes:report", self.system.code, report.programme.code, report.month_slug
        )


class QuarterlyIndex(Base, TemplateView):
    template_name = "programmes/quarters.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quarters"] = reports.quarters_with_reports(self.system)
        return context


class QuarterlyMixin(Base):
    def assemble(self):
        try:
            quarter = periods.Quarter.parse(self.kwargs["quarter"])
        except ValueError as error:
            raise Http404("No such quarter.") from error
        return reports.quarterly_return(self.system, quarter)


class QuarterlyReturnView(QuarterlyMixin, TemplateView):
    """S10: the return to the oversight and assurance group, built from the monthly reports."""

    template_name = "programmes/quarterly.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ret"] = self.assemble()
        return context


class QuarterlyPDF(QuarterlyMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        ret = self.assemble()
        content = exports.pdf(
            "programmes/print_quarterly.html",
            {"ret": ret, "system": self.system},
            base_url=request.build_absolute_uri("/"),
        )
        response = HttpResponse(content, content_type="application/pdf")
        name = f"{self.system.code}-assurance-return-{ret.quarter.slug}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
