"""The base for every signed-in view: one permission, checked against the system in the URL."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from engineroom.accounts.permissions import Permission
from engineroom.accounts.services import has_permission
from engineroom.system.models import System


class SystemScopedMixin(LoginRequiredMixin):
    """Resolve ``system`` from the URL and refuse users without ``permission`` in it."""

    permission: Permission

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.system = get_object_or_404(
            System.objects.select_related("region"), code=kwargs["system"]
        )
        request.system = self.system
        if not has_permission(request.user, self.permission, system=self.system):
            raise PermissionDenied(f"You do not have {self.permission.value} in {self.system}.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["system"] = self.system
        return context
