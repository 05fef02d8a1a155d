"""Shell pages: sign-in, and home (the systems and regions a user can see)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView

from engineroom.accounts.permissions import ROLES, Permission
from engineroom.accounts.queries import demo_users, visible_systems
from engineroom.accounts.rules import has_permission

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


class Home(LoginRequiredMixin, TemplateView):
    """Send the user to their own system; list every system (and region) they may see."""

    template_name = "web/home.html"

    def get(self, request, *args, **kwargs):
        systems = list(visible_systems(request.user))
        if len(systems) == 1:
            return redirect("system:map", systems[0].code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        systems = visible_systems(user).select_related("region")
        regions = {
            s.region for s in systems if has_permission(user, Permission.REGION_VIEW, system=s)
        }
        return super().get_context_data(
            systems=systems, regions=sorted(regions, key=lambda r: r.name), **kwargs
        )
