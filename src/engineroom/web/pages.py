"""The one way to write a page in a system: ``SystemPage``, ``ActionFormPage``, ``DownloadPage``.

Every signed-in domain page takes the system from the URL, checks one permission there, reads
through the app's ``queries`` (scoped to that system) and, for a write, calls one function of the
app's ``actions``. Views never touch ``Model.objects`` (a lint test in ``tests/unit/web`` says so).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.views.generic import FormView, TemplateView, View

from engineroom.accounts.permissions import Permission
from engineroom.accounts.queries import system_named
from engineroom.accounts.rules import has_permission
from engineroom.web import downloads


class InSystem(LoginRequiredMixin):
    """Resolve ``self.system`` from the URL and refuse users without ``permission`` in it.

    ``edit_permission`` (optional) sets ``self.can_edit``, which templates see as ``can_edit``.
    """

    permission: Permission
    edit_permission: Permission | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.system = system_named(kwargs["system"])
        if self.system is None:
            raise Http404("No such system.")
        request.system = self.system
        if not self.allowed(self.permission):
            raise PermissionDenied(f"You do not have {self.permission.value} in {self.system}.")
        self.can_edit = self.edit_permission is not None and self.allowed(self.edit_permission)
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, permission: Permission, **scope) -> bool:
        """Whether the user holds ``permission`` in this system (and ``organisation=`` if given)."""
        return has_permission(self.request.user, permission, system=self.system, **scope)

    def require(self, permission: Permission, **scope) -> None:
        """Refuse (403) unless the user holds ``permission`` here; for checks beyond the page's."""
        if not self.allowed(permission, **scope):
            raise PermissionDenied(f"You do not have {permission.value} for this.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(system=self.system, can_edit=self.can_edit)
        return context


class SystemPage(InSystem, TemplateView):
    """A page that shows something in one system."""


class ActionFormPage(InSystem, FormView):
    """A form whose valid data go to one action; the action's ValidationError goes onto the form.

    Subclasses set ``form_class`` and ``template_name`` and write ``perform(data)``, which calls
    the action with ``by=self.request.user`` and may return a success message.
    """

    permission: Permission
    form_kwargs_system = True  # pass ``system=`` to the form (most forms choose within it)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_kwargs_system:
            kwargs["system"] = self.system
        return kwargs

    def form_valid(self, form):
        try:
            message = self.perform(form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
            return self.form_invalid(form)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def perform(self, data: dict) -> str | None:
        """Call the action that makes the change; every subclass names its own."""
        raise NotImplementedError(f"{type(self).__name__} must say which action it calls")


class DownloadPage(InSystem, View):
    """A file to download: subclasses return a ``downloads.Download`` from ``download()``."""

    def get(self, request, *args, **kwargs):
        return downloads.response(self.download(**kwargs))

    def download(self, **kwargs) -> downloads.Download:
        raise NotImplementedError(f"{type(self).__name__} must say what it downloads")


def add_validation_errors(form, error: ValidationError) -> None:
    """Show an action's ValidationError against the field it names, or the whole form."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)
