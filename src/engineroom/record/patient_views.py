"""The person's own pages, not under any system: their record summary, every view of it, and
their objection to sharing; signing in (demo: as a fictional person; production: NHS login).

A signed-in user without a :class:`~engineroom.record.models.PatientAccount` (staff) is refused:
these pages only ever show the signed-in person their own record.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.views.generic import FormView, TemplateView

from engineroom.record import actions, presenters, queries
from engineroom.record.forms import DemoSignInForm, ObjectionForm
from engineroom.record.models import AccountVia, ObjectionVia
from engineroom.system import queries as system_queries
from engineroom.web.pages import add_validation_errors

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class NeverCached:
    """Identifiable, or about signing in: never kept by a browser or proxy."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class PatientPage(NeverCached, LoginRequiredMixin):
    """A page of the signed-in person's own record (``self.account``)."""

    login_url = reverse_lazy("record:my-sign-in")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.account = getattr(request.user, "patient_account", None)
            if self.account is None:
                raise PermissionDenied("These pages are for people looking at their own record.")
        return super().dispatch(request, *args, **kwargs)


class MyRecord(PatientPage, TemplateView):
    """The person's summary, who looked at their record, and their objection to sharing."""

    template_name = "record/my_record.html"

    def get_context_data(self, **kwargs):
        opened = queries.patient_record(self.account)
        nhs_number = self.account.nhs_number
        shown = {}
        if opened is not None:
            names = system_queries.organisation_names(
                presenters.sources(opened.entries) | {opened.person.registered_practice}
            )
            shown = {
                "banner": presenters.banner(opened.person, names, opened.on),
                "summary": presenters.summary(opened.summary, names),
            }
        objection = queries.objection_in_force(nhs_number)
        return super().get_context_data(
            opened=opened,
            views=presenters.view_rows(queries.views_of(nhs_number)),
            objection=objection,
            objection_form=ObjectionForm(
                initial={"choice": "withdraw" if objection else "register"}
            ),
            **shown,
            **kwargs,
        )


class Objection(PatientPage, FormView):
    """Register or withdraw the person's objection to sharing (POST from their record page)."""

    form_class = ObjectionForm
    template_name = "record/objection.html"
    success_url = reverse_lazy("record:my-record")
    http_method_names = ["post"]

    def form_valid(self, form):
        change = {"register": actions.register_objection, "withdraw": actions.withdraw_objection}
        try:
            change[form.cleaned_data["choice"]](
                self.account.nhs_number, by=self.request.user, via=ObjectionVia.PERSON
            )
        except ValidationError as error:
            add_validation_errors(form, error)
            return self.form_invalid(form)
        said = {
            "register": "Your objection to sharing is registered.",
            "withdraw": "Your objection to sharing is withdrawn: your record is shared again.",
        }
        messages.success(self.request, said[form.cleaned_data["choice"]])
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        objection = queries.objection_in_force(self.account.nhs_number)
        return super().get_context_data(objection=objection, **kwargs)


class SignIn(NeverCached, TemplateView):
    """How a person signs in to see their own record: NHS login, or in the demo a fictional
    person."""

    template_name = "record/sign_in.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            demo=settings.DEMO,
            nhs_login=getattr(settings, "NHS_LOGIN_ENABLED", False),
            **kwargs,
        )


class DemoSignIn(NeverCached, FormView):
    """Demo mode only: sign in as a fictional person of the store, by NHS number (one account
    per person, opened on first use)."""

    form_class = DemoSignInForm
    template_name = "record/demo_sign_in.html"
    success_url = reverse_lazy("record:my-record")

    def dispatch(self, request, *args, **kwargs):
        if not settings.DEMO:
            raise Http404("Demo sign-in exists only in demo mode.")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            account = actions.open_patient_account(
                form.cleaned_data["nhs_number"], via=AccountVia.DEMO
            )
        except ValidationError as error:
            form.add_error("nhs_number", error.messages)
            return self.form_invalid(form)
        if account.via != AccountVia.DEMO:
            form.add_error("nhs_number", "That person signs in with NHS login.")
            return self.form_invalid(form)
        login(self.request, account.user, backend=MODEL_BACKEND)
        return HttpResponseRedirect(reverse("record:my-record"))
