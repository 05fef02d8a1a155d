"""Shell pages: sign-in and, for administrators, the audit log's integrity (the home pages are the
``home`` app's)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from engineroom.accounts.permissions import ROLES, Permission
from engineroom.accounts.queries import demo_users
from engineroom.accounts.rules import has_permission
from engineroom.audit import checkpoints, integrity

DEMO_PASSWORD = "engine-room-demo"


class Login(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO:
            context["demo_accounts"] = [_demo_account(user) for user in demo_users()]
            context["demo_password"] = DEMO_PASSWORD
        return context


def _demo_account(user) -> dict:
    role = ROLES[user.username]
    return {
        "username": user.username,
        "name": user.full_name,
        "role": role.name,
        "description": role.description,
    }


@method_decorator(never_cache, name="dispatch")
class AuditIntegrity(LoginRequiredMixin, TemplateView):
    """Administrators (staff, or a role with ``audit.view``): the audit log's last verification
    and a button to verify it now (itself audited)."""

    template_name = "web/audit.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (
            user.is_staff or has_permission(user, Permission.AUDIT_VIEW)
        ):
            raise PermissionDenied("Only administrators see the audit log's integrity.")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        result = integrity.verify(by=request.user)
        (messages.success if result.ok else messages.error)(request, result.summary)
        return redirect("audit")

    def get_context_data(self, **kwargs):
        last = integrity.last()
        return super().get_context_data(
            last=last,
            checked_at=dt.datetime.fromisoformat(last.checked_at) if last else None,
            checkpoints=checkpoints.path(),
            every=checkpoints.CHECKPOINT_EVERY,
            **kwargs,
        )
