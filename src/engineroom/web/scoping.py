"""The base for every signed-in view: one permission, checked against the system in the URL."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from engineroom.accounts.permissions import Permission
from engineroom.accounts.queries import system_named
from engineroom.accounts.rules import has_permission


class SystemScopedMixin(LoginRequiredMixin):
    """Resolve ``system`` from the URL and refuse users without ``permission`` in it."""

    permission: Permission

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.system = system_named(kwargs["system"])
        if self.system is None:
            raise Http404("No such system.")
        request.system = self.system
        if not has_permission(request.user, self.permission, system=self.system):
            raise PermissionDenied(f"You do not have {self.permission.value} in {self.system}.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["system"] = self.system
        return context


class EditableMixin(SystemScopedMixin):
    """A domain's pages: ``can_edit`` for templates, and model validation errors onto forms."""

    edit_permission: Permission

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = has_permission(
            self.request.user, self.edit_permission, system=self.system
        )
        return context

    def form_errors(self, form, error: ValidationError):
        add_validation_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form))


def add_validation_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError against the field it names, or the whole form."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)
