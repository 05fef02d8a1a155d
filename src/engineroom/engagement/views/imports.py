"""Importing responses: upload a file, confirm what each column is (the guess pre-filled), and
see what became of every row. For those who run consultations (``ENGAGEMENT_EDIT``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.engagement.actions import imports as actions
from engineroom.engagement.forms import MappingForm, ResponsesForm
from engineroom.engagement.presenters import work as presenters
from engineroom.engagement.queries import work as queries
from engineroom.engagement.views.workspace import InConsultation
from engineroom.web.pages import ActionFormPage, SystemPage
from engineroom.web.uploads import UploadRefused

EDIT = Permission.ENGAGEMENT_EDIT


class ImportUpload(InConsultation, ActionFormPage):
    permission = EDIT
    form_class = ResponsesForm
    template_name = "engagement/import_upload.html"
    form_kwargs_system = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(imports=queries.imports(self.consultation), **kwargs)

    def perform(self, data):
        upload = data["file"]
        try:
            self.done = actions.upload(
                self.consultation,
                file_name=upload.name,
                content=upload.read(),
                by=self.request.user,
            )
        except UploadRefused as error:
            raise ValidationError({"file": str(error)}) from None
        return f"{self.done.file_name} uploaded: check what each column is, then import it."

    def get_success_url(self):
        args = [self.system.code, self.consultation.slug, self.done.pk]
        return reverse("engagement:import-map", args=args)


class ImportMap(InConsultation, ActionFormPage):
    """The mapping step: each column to a question, an about-you field, the response ID, the
    date submitted, a new question, or nothing."""

    permission = EDIT
    form_class = MappingForm
    template_name = "engagement/import_map.html"
    form_kwargs_system = False

    def dispatch(self, request, *args, **kwargs):
        self.pk = kwargs["pk"]
        return super().dispatch(request, *args, **kwargs)

    @property
    def response_import(self):
        if not hasattr(self, "_import"):
            self._import = queries.response_import(self.consultation, self.pk)
        return self._import

    def get_form_kwargs(self):
        questions = list(queries.questions(self.consultation))
        return {
            **super().get_form_kwargs(),
            "columns": self.response_import.columns,
            "choices": presenters.target_choices(questions),
        }

    def get_initial(self):
        mapping = self.response_import.mapping
        return {f"column_{i}": mapping.get(n) for i, n in enumerate(self.response_import.columns)}

    def get_context_data(self, **kwargs):
        done = self.response_import.seconds is not None
        return super().get_context_data(done=done, upload=self.response_import, **kwargs)

    def form_valid(self, form):
        self.mapping = form.mapping()
        return super().form_valid(form)

    def perform(self, data):
        self.done = actions.run(self.response_import, mapping=self.mapping, by=self.request.user)
        return (
            f"{self.done.rows_in:,} rows read: {self.done.accepted:,} accepted, "
            f"{self.done.quarantined:,} with problems."
        )

    def get_success_url(self):
        args = [self.system.code, self.consultation.slug, self.done.pk]
        return reverse("engagement:import-result", args=args)


class ImportResult(InConsultation, SystemPage):
    permission = EDIT
    template_name = "engagement/import_result.html"

    def get_context_data(self, **kwargs):
        done = queries.response_import(self.consultation, kwargs["pk"])
        return super().get_context_data(done=done, **presenters.import_counts(done), **kwargs)
