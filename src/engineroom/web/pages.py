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
from django.utils.cache import add_never_cache_headers
from django.views.generic import FormView, TemplateView, View

from engineroom.accounts.permissions import Permission
from engineroom.accounts.queries import system_named
from engineroom.accounts.rules import has_permission
from engineroom.audit import actions as audit
from engineroom.web import downloads


class InSystem(LoginRequiredMixin):
    """Resolve ``self.system`` from the URL and refuse users without ``permission`` in it.

    ``edit_permission`` (optional) sets ``self.can_edit``, which templates see as ``can_edit``.
    ``identifiable = True`` marks a page that shows identifiable people (worklists, the feeds'
    quarantine and unlinked queue, any page with NHS numbers): it is never cached, and a refusal
    there is itself audited (``<app>.<url name>_refused``, naming who, what and why).
    """

    permission: Permission
    edit_permission: Permission | None = None
    identifiable: bool = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        method = request.method.lower()  # a GET on a POST-only page is 405, before any lookup
        if method not in self.http_method_names or not hasattr(self, method):
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.system = system_named(kwargs["system"])
        if self.system is None:
            raise Http404("No such system.")
        request.system = self.system
        if not self.allowed(self.permission):
            self.refuse(f"You do not have {self.permission.value} in {self.system}.")
        self.can_edit = self.edit_permission is not None and self.allowed(self.edit_permission)
        response = super().dispatch(request, *args, **kwargs)
        if self.identifiable and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)  # downloads set their own no-store
        return response

    def allowed(self, permission: Permission, **scope) -> bool:
        """Whether the user holds ``permission`` in this system (and ``organisation=`` if given)."""
        return has_permission(self.request.user, permission, system=self.system, **scope)

    def require(self, permission: Permission, **scope) -> None:
        """Refuse (403) unless the user holds ``permission`` here; for checks beyond the page's."""
        if not self.allowed(permission, **scope):
            self.refuse(f"You do not have {permission.value} for this.")

    def refuse(self, message: str):
        """Refuse (403) with ``message``; on an identifiable page the attempt is audited first."""
        if self.identifiable:
            match = self.request.resolver_match
            page = match.view_name if match else type(self).__name__
            app, _, name = page.rpartition(":")
            audit.record(
                f"{app or 'web'}.{name.replace('-', '_')}_refused",
                audit.subject(self.system),
                by=self.request.user,
                reason=message,
                details={"path": self.request.path, "page": page, **self.refusal_details()},
            )
        raise PermissionDenied(message)

    def refusal_details(self) -> dict:
        """More to audit about a refusal (a page about one person names them, so the person is
        shown the attempt)."""
        return {}

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
