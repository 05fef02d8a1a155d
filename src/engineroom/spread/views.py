"""Spread pages: the library and the system's adoption plan, a model's adoption view with its
outcomes and peers, and the forms of the programme office (PROGRAMMES_EDIT) that keep them."""

from __future__ import annotations

from django import forms as django_forms
from django.urls import reverse
from django.utils import timezone

from engineroom.accounts.permissions import Permission
from engineroom.spread import actions, exports, forms, presenters, queries, rules
from engineroom.web.pages import ActionFormPage, DownloadPage, SystemPage
from engineroom.web.population import var_dir

VIEW, EDIT = Permission.PROGRAMMES_VIEW, Permission.PROGRAMMES_EDIT


class SpreadIndex(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "spread/index.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        plan = presenters.adoption_rows(queries.plan(self.system), today)
        library = presenters.library_rows(queries.library(self.system), self.system.places.count())
        overdue = sum(r["overdue"] for r in plan)
        return super().get_context_data(library=library, plan=plan, overdue=overdue, **kwargs)


class ModelPage(SystemPage):
    permission, edit_permission = VIEW, EDIT
    template_name = "spread/model.html"

    def get_context_data(self, **kwargs):
        model = queries.model_named(kwargs["model"])
        shown = presenters.model_context(self.system, model, timezone.localdate())
        return super().get_context_data(**(kwargs | shown))


class ModelForm(ActionFormPage):
    """Add a model to the library or rewrite one this system added (the library is shared by
    every system, so another system's model is theirs to change)."""

    permission = EDIT
    form_class = forms.ModelOfCareForm
    template_name = "spread/model_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.found = None

    def get(self, request, *args, **kwargs):
        self.require_origin()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.require_origin()
        return super().post(request, *args, **kwargs)

    def require_origin(self) -> None:
        """Refuse (403) another system's model: only the system that added it changes it."""
        model = self.model()
        if model is not None and not rules.may_change_model(model, self.system):
            self.refuse("Only the system that added this model of care changes it.")

    def model(self):
        if self.found is None and "model" in self.kwargs:
            self.found = queries.model_named(self.kwargs["model"])
        return self.found

    def get_initial(self):
        model = self.model()
        if model is None:
            return {}
        return forms.model_initial(model, queries.evidence(model), queries.components(model))

    def get_context_data(self, **kwargs):
        return super().get_context_data(model=self.model(), **kwargs)

    def perform(self, data):
        form = self.get_form()
        form.is_valid()
        self.saved = actions.save_model(
            form.text(), model=self.model(), system=self.system, by=self.request.user
        )
        return f"“{self.saved.name}” saved in the library."

    def get_success_url(self):
        return reverse("spread:model", args=[self.system.code, self.saved.slug])


class AdoptionForm(ActionFormPage):
    """Plan an adoption (owner, place, planned start) or record how it is going."""

    permission = EDIT
    form_class = forms.AdoptionForm
    template_name = "spread/adoption_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.found = None

    def model(self):
        return queries.model_named(self.kwargs["model"])

    def adoption(self):
        if self.found is None and "pk" in self.kwargs:
            self.found = queries.adoption(self.system, self.model(), self.kwargs["pk"])
        return self.found

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"model": self.model()}

    def get_initial(self):
        adoption = self.adoption()
        return forms.adoption_initial(adoption) if adoption else {"status": "planned"}

    def get_context_data(self, **kwargs):
        shown = {"model": self.model(), "adoption": self.adoption()}
        return super().get_context_data(**shown, **kwargs)

    def perform(self, data):
        form = self.get_form()
        form.is_valid()
        saved = actions.save_adoption(
            self.system, self.model(), form.text(), adoption=self.adoption(), by=self.request.user
        )
        where = saved.neighbourhood or saved.place
        return f"{saved.model.name} in {where.name}: {saved.get_status_display().lower()}."

    def get_success_url(self):
        return reverse("spread:model", args=[self.system.code, self.kwargs["model"]])


class RefreshOutcomes(ActionFormPage):
    """POST only: recompute the outcomes from the linked lake (secondary use, suppressed)."""

    permission = EDIT
    http_method_names = ["post"]
    form_class = django_forms.Form
    form_kwargs_system = False
    template_name = "spread/model.html"

    def perform(self, data):
        model = queries.model_named(self.kwargs["model"])
        actions.refresh_outcomes(self.system, model, var_dir(), by=self.request.user)
        return "Outcomes recomputed from the linked data."

    def form_invalid(self, form):
        page = ModelPage(request=self.request, kwargs=self.kwargs)
        page.system, page.can_edit = self.system, True
        context = page.get_context_data(**self.kwargs) | {"refresh_errors": form.non_field_errors()}
        return self.response_class(self.request, self.template_name, context)

    def get_success_url(self):
        return reverse("spread:model", args=[self.system.code, self.kwargs["model"]])


class ModelExport(DownloadPage):
    """The adoption view as XLSX or PDF: what the page shows, never more."""

    permission = VIEW

    def download(self, **kwargs):
        exports.check_format(kwargs["fmt"])
        model = queries.model_named(kwargs["model"])
        context = presenters.model_context(self.system, model, timezone.localdate())
        if kwargs["fmt"] == "pdf":
            return exports.pdf(self.system, context, base_url=self.request.build_absolute_uri("/"))
        names = {p.code: p.name for p in queries.places(self.system)}
        return exports.xlsx(self.system, context, names)
