"""The results of a consultation: theme counts, agreement, who answered (optionally reweighted
to the population), the summary, and the XLSX and PDF reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.generic import View

from engineroom.accounts.permissions import Permission
from engineroom.engagement import exports
from engineroom.engagement.actions import results as actions
from engineroom.engagement.presenters import results as presenters
from engineroom.engagement.queries import results as queries
from engineroom.engagement.results_forms import SummaryForm
from engineroom.web.pages import ActionFormPage, DownloadPage, InSystem
from engineroom.web.population import var_dir


class InConsultation:
    """``self.consultation`` from the URL, within the page's system (Http404 otherwise)."""

    def get_consultation(self):
        if getattr(self, "consultation", None) is None:
            self.consultation = queries.consultation(self.system, self.kwargs["slug"])
        return self.consultation


class Results(InConsultation, ActionFormPage):
    permission = Permission.ENGAGEMENT_EDIT
    form_class = SummaryForm
    template_name = "engagement/results.html"

    def get_initial(self):
        return {"summary": self.get_consultation().summary}

    def perform(self, data):
        actions.write_summary(
            self.get_consultation(), summary=data["summary"], by=self.request.user
        )
        return "Summary saved."

    def get_success_url(self):
        return reverse("engagement:results", args=[self.system.code, self.kwargs["slug"]])

    def get_context_data(self, **kwargs):
        consultation = self.get_consultation()
        weighted = self.request.GET.get("weighted") == "1" and bool(consultation.population)
        context = super().get_context_data(**kwargs)
        context.update(consultation=consultation, weighting=weighted)
        return context | presenters.report(consultation, weighted=weighted, quotes=True)


class RefreshPopulation(InConsultation, InSystem, View):
    """Take the registered population to compare with (POST): a read of the lake, not done on
    every page view."""

    permission = Permission.ENGAGEMENT_EDIT
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        consultation = self.get_consultation()
        try:
            actions.refresh_population(consultation, var=var_dir(), by=request.user)
            messages.success(request, "The registered population to compare with is up to date.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(
            reverse("engagement:results", args=[self.system.code, consultation.slug])
        )


class Export(InConsultation, DownloadPage):
    permission = Permission.ENGAGEMENT_EDIT

    def download(self, **kwargs):
        exports.check_format(kwargs["fmt"])
        base_url = self.request.build_absolute_uri("/")
        return exports.report(self.get_consultation(), kwargs["fmt"], base_url=base_url)
