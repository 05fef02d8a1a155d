"""Importing a programme tracker or risk log: upload, preview every row and problem, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from engineroom.accounts.permissions import Permission
from engineroom.programmes import actions, imports, queries
from engineroom.programmes.forms import ImportForm
from engineroom.programmes.models import ImportKind
from engineroom.web.pages import ActionFormPage, SystemPage

EDIT = Permission.PROGRAMMES_EDIT


class ImportUpload(ActionFormPage):
    permission = EDIT
    template_name = "programmes/import.html"
    form_class = ImportForm
    form_kwargs_system = False
    extra_context = {
        "tracker_columns": imports.COLUMNS[ImportKind.TRACKER],
        "risk_columns": imports.COLUMNS[ImportKind.RISKS],
    }

    def perform(self, data):
        upload = data["file"]
        try:
            self.batch = actions.upload_import(
                by=self.request.user,
                system=self.system,
                kind=data["kind"],
                filename=upload.name,
                content=upload.read(),
            )
        except imports.UnreadableFile as error:
            raise ValidationError({"file": str(error)}) from error

    def get_success_url(self):
        return reverse("programmes:import-preview", args=[self.system.code, self.batch.pk])


class ImportPreview(SystemPage):
    """The rows and problems of an upload; POST imports a clean one."""

    permission = EDIT
    template_name = "programmes/import_preview.html"

    def batch(self):
        return queries.import_batch(self.system, self.kwargs["pk"], uploaded_by=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.batch()
        columns = imports.COLUMNS[batch.kind]
        context.update(
            batch=batch,
            ready=imports.is_ready(batch),
            columns=columns,
            preview=[[row.get(c) or "" for c in columns] for row in batch.rows],
        )
        return context

    def post(self, request, *args, **kwargs):
        batch = self.batch()
        try:
            counts = actions.apply_import(by=request.user, batch=batch)
        except imports.NotReady as error:
            messages.error(request, str(error))
            return redirect("programmes:import-preview", self.system.code, batch.pk)
        done = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        messages.success(request, f"Imported {batch.filename}: {done}.")
        return redirect("programmes:portfolio", self.system.code)
