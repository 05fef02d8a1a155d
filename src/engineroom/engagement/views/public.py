"""The public pages of consultations: readable and answerable without signing in, as the
governance public pages are (not ``SystemPage``s); each reads through ``queries.public``.
The form works without JavaScript; drafts and closed consultations have no form (Http404)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from engineroom.engagement import exports
from engineroom.engagement.actions import responses
from engineroom.engagement.presenters import public as presenters
from engineroom.engagement.public_forms import ResponseForm
from engineroom.engagement.queries import public as queries
from engineroom.engagement.queries.results import place_names
from engineroom.governance.public import public_system
from engineroom.web import downloads
from engineroom.web.pages import add_validation_errors


class InPublicSystem:
    """The system named in the URL, for anyone (Http404 when there is none)."""

    def dispatch(self, request, *args, **kwargs):
        self.system = public_system(kwargs["system"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"system": self.system}


class PublicIndex(InPublicSystem, TemplateView):
    template_name = "engagement/public_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | {"consultations": queries.consultations(self.system)}


class PublicDetail(InPublicSystem, TemplateView):
    template_name = "engagement/public_detail.html"

    def get_context_data(self, **kwargs):
        consultation = queries.consultation(self.system, kwargs["slug"])
        return super().get_context_data(**kwargs) | presenters.page(consultation)


class PublicRespond(InPublicSystem, FormView):
    """The response form; a valid answer is redacted and stored by ``responses.respond``."""

    template_name = "engagement/public_respond.html"

    def dispatch(self, request, *args, **kwargs):
        self.system = public_system(kwargs["system"])
        self.consultation = queries.open_consultation(self.system, kwargs["slug"])
        return super(InPublicSystem, self).dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return ResponseForm(
            **self.get_form_kwargs(),
            questions=queries.questions(self.consultation),
            places=place_names(self.system),
        )

    def form_valid(self, form):
        try:
            responses.respond(self.consultation, answers=form.answers())
        except ValidationError as error:  # an answer the form let through but the rules refuse
            add_validation_errors(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(
            reverse("engagement:public-thanks", args=[self.system.code, self.consultation.slug])
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"consultation": self.consultation}


class PublicThanks(InPublicSystem, TemplateView):
    template_name = "engagement/public_thanks.html"

    def get_context_data(self, **kwargs):
        consultation = queries.consultation(self.system, kwargs["slug"])
        return super().get_context_data(**kwargs) | {"consultation": consultation}


class PublicReport(InPublicSystem, View):
    """The published results as an A4 PDF (Http404 until they are published)."""

    def get(self, request, *args, **kwargs):
        consultation = queries.published_consultation(self.system, kwargs["slug"])
        base_url = request.build_absolute_uri("/")
        return downloads.response(exports.report(consultation, "pdf", base_url=base_url))
