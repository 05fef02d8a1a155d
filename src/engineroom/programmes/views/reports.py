"""Monthly highlight reports (write, submit, approve and then locked; history; PDF) and the
quarterly assurance return assembled from them (S10)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.programmes import actions, exports, presenters, queries, rules
from engineroom.programmes.forms import ReportForm
from engineroom.web import formatting
from engineroom.web.pages import ActionFormPage, DownloadPage, SystemPage

VIEW, EDIT = Permission.PROGRAMMES_VIEW, Permission.PROGRAMMES_EDIT


class ReportDetail(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "programmes/report.html"
    extra_context = presenters.TAGS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = queries.report(self.system, self.kwargs["code"], self.kwargs["month"])
        can_change = self.can_edit and not report.locked
        wrote_it = not rules.may_approve(self.request.user.pk, queries.report_authors(report))
        context.update(
            report=report,
            programme=report.programme,
            versions=queries.history(report),
            can_change=can_change,
            can_submit=can_change and rules.can_submit(report),
            can_approve=can_change and rules.can_approve(report) and not wrote_it,
            wrote_it=can_change and rules.can_approve(report) and wrote_it,
        )
        return context


class ReportPDF(DownloadPage):
    permission = VIEW

    def download(self, *, code, month, **kwargs):
        report = queries.report(self.system, code, month)
        return exports.report_pdf(
            report, self.system, base_url=self.request.build_absolute_uri("/")
        )


class ReportEdit(ActionFormPage):
    """Write a new monthly report or change a draft one. Approved reports are refused (403)."""

    permission = EDIT
    template_name = "programmes/report_form.html"
    form_class = ReportForm
    form_kwargs_system = False

    def existing(self):
        if "month" not in self.kwargs:
            return None
        return queries.report(self.system, self.kwargs["code"], self.kwargs["month"])

    def due_months(self):
        return queries.due_months(queries.programme(self.system, self.kwargs["code"]))

    def get_initial(self):
        """A new report starts from the last one and the programme's milestones, open risks
        and benefits (``presenters.report_initial``): the author changes what they need."""
        if "month" in self.kwargs or not (due := self.due_months()):
            return super().get_initial()
        programme = queries.programme(self.system, self.kwargs["code"])
        chosen = self.request.GET.get("month", "")
        month = next((m for m in due if f"{m:%Y-%m}" == chosen), due[0])
        return presenters.report_initial(queries.report_facts(programme, month))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        report = self.existing()
        if report is not None:
            rules.ensure_changeable(report)
            kwargs["instance"] = report
        else:
            kwargs["due_months"] = self.due_months()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programme"] = queries.programme(self.system, self.kwargs["code"])
        context["report"] = self.existing()
        if context["report"] is None:
            context["due_months"] = self.due_months()
        return context

    def perform(self, data):
        content = {name: data[name] for name in actions.REPORT_CONTENT}
        report = self.existing()
        if report is None:
            programme = queries.programme(self.system, self.kwargs["code"])
            report = actions.write_report(
                by=self.request.user, programme=programme, month=data["month"], **content
            )
        else:
            report = actions.change_report(by=self.request.user, report=report, **content)
        self.saved = report
        return f"Report for {formatting.month(report.month)} saved as a draft."

    def get_success_url(self):
        return reverse(
            "programmes:report",
            args=[self.system.code, self.saved.programme.code, self.saved.month_slug],
        )


class ReportTransition(SystemPage):
    """POST only: submit a report for approval, or approve (and so lock) it."""

    permission = EDIT
    http_method_names = ["post"]
    action = "submit"

    def post(self, request, *args, code, month, **kwargs):
        report = queries.report(self.system, code, month)
        move = actions.submit_report if self.action == "submit" else actions.approve_report
        try:
            report = move(by=request.user, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Report {report.get_status_display().lower()}.")
        return redirect("programmes:report", self.system.code, code, report.month_slug)


class QuarterlyIndex(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "programmes/quarters.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quarters"] = queries.quarters_with_reports(self.system)
        return context


class QuarterlyReturnView(SystemPage):
    """S10: the return to the oversight and assurance group, built from the monthly reports."""

    permission = VIEW
    template_name = "programmes/quarterly.html"
    extra_context = presenters.TAGS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quarter = queries.quarter_from(self.kwargs["quarter"])
        context["ret"] = queries.quarterly_return(self.system, quarter)
        return context


class QuarterlyPDF(DownloadPage):
    permission = VIEW

    def download(self, *, quarter, **kwargs):
        ret = queries.quarterly_return(self.system, queries.quarter_from(quarter))
        return exports.quarterly_pdf(ret, base_url=self.request.build_absolute_uri("/"))
