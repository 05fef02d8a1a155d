"""You said, we did: link the decisions a consultation informed and say what changed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.generic import View

from engineroom.accounts.permissions import Permission
from engineroom.engagement.actions import influence as actions
from engineroom.engagement.queries import results as queries
from engineroom.engagement.results_forms import InfluenceForm
from engineroom.engagement.views.results import InConsultation
from engineroom.web.pages import ActionFormPage, InSystem


class Influences(InConsultation, ActionFormPage):
    permission = Permission.ENGAGEMENT_EDIT
    form_class = InfluenceForm
    template_name = "engagement/influence.html"

    def perform(self, data):
        found = actions.record(
            self.get_consultation(),
            decision=data["decision"],
            you_said=data["you_said"],
            we_did=data["we_did"],
            by=self.request.user,
        )
        return f"Recorded what changed because of {found.decision.reference}."

    def get_success_url(self):
        return reverse("engagement:influence", args=[self.system.code, self.kwargs["slug"]])

    def get_context_data(self, **kwargs):
        consultation = self.get_consultation()
        context = super().get_context_data(**kwargs)
        context.update(consultation=consultation, influences=queries.influences(consultation))
        return context


class RemoveInfluence(InConsultation, InSystem, View):
    permission = Permission.ENGAGEMENT_EDIT
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        found = queries.influence(self.get_consultation(), kwargs["pk"])
        actions.remove(found, by=request.user)
        messages.success(request, f"{found.decision.reference} is no longer linked.")
        return HttpResponseRedirect(
            reverse("engagement:influence", args=[self.system.code, kwargs["slug"]])
        )
