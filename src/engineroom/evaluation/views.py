"""Evaluation pages for analysts (secondary use: pseudonymised, opt-outs applied, suppressed):
the system's evaluations, a new one, its briefing with downloads, and its link to a benefit.
Who may see them is who may see the population health dashboards (``POPULATION_VIEW``)."""

from __future__ import annotations

from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.evaluation import actions, exports, presenters, queries
from engineroom.evaluation.forms import BenefitForm, EvaluationForm
from engineroom.web.pages import ActionFormPage, DownloadPage, SystemPage

VIEW = Permission.POPULATION_VIEW


class EvaluationList(SystemPage):
    permission = VIEW
    template_name = "evaluation/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(evaluations=queries.evaluations_in(self.system), **kwargs)


class EvaluationNew(ActionFormPage):
    """Choose the homes and the start; the evaluation runs when the form is sent."""

    permission = VIEW
    form_class = EvaluationForm
    template_name = "evaluation/new.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(window=queries.data_window(), **kwargs)

    def perform(self, data):
        self.created = actions.run_evaluation(
            self.system,
            name=data["name"],
            description=data["description"],
            homes=data["homes"],
            start=data["start"],
            by=self.request.user,
        )
        return f"Evaluation “{self.created.name}” run."

    def get_success_url(self):
        return reverse("evaluation:result", args=[self.system.code, self.created.pk])


class EvaluationResult(SystemPage):
    """The briefing: key points, method, cohort, balance, results, limitations."""

    permission = VIEW
    template_name = "evaluation/result.html"

    def get_context_data(self, **kwargs):
        found = queries.evaluation(self.system, kwargs["pk"])
        shown = presenters.briefing(found.result or {})
        return super().get_context_data(evaluation=found, **shown, **kwargs)


class EvaluationExport(DownloadPage):
    """The briefing as XLSX or PDF: the page's suppressed numbers, never more."""

    permission = VIEW

    def download(self, **kwargs):
        exports.check_format(kwargs["fmt"])
        found = queries.evaluation(self.system, kwargs["pk"])
        if kwargs["fmt"] == "pdf":
            return exports.pdf(found, base_url=self.request.build_absolute_uri("/"))
        return exports.xlsx(found)


class LinkBenefit(ActionFormPage):
    """Link the evaluation to a programme benefit of the same system (or unlink it)."""

    permission = VIEW
    form_class = BenefitForm
    template_name = "evaluation/link.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.found = None

    def evaluation(self):
        if self.found is None:
            self.found = queries.evaluation(self.system, self.kwargs["pk"])
        return self.found

    def get_initial(self):
        return {"benefit": self.evaluation().benefit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(evaluation=self.evaluation(), **kwargs)

    def perform(self, data):
        linked = actions.link_benefit(self.evaluation(), data["benefit"], by=self.request.user)
        return "Linked to the benefit." if linked.benefit else "No longer linked to a benefit."

    def get_success_url(self):
        return reverse("evaluation:result", args=[self.system.code, self.kwargs["pk"]])
