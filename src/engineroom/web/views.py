"""Shell pages: sign-in, home, the systems a user can see."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView

from engineroom.accounts.models import User
from engineroom.accounts.permissions import ROLES, Permission
from engineroom.accounts.queries import visible_systems
from engineroom.accounts.rules import has_permission

DEMO_PASSWORD = "engine-room-demo"


class Login(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO:
            demo = User.objects.filter(username__in=ROLES).order_by("id")
            context["demo_accounts"] = [
                {
                    "username": u.username,
                    "name": u.full_name,
                    "role": ROLES[u.username].name,
                    "description": ROLES[u.username].description,
                }
                for u in demo
            ]
            context["demo_password"] = DEMO_PASSWORD
        return context


class Home(LoginRequiredMixin, TemplateView):
    """Send the user to their own system; list every system they may see."""

    template_name = "web/home.html"

    def get(self, request, *args, **kwargs):
        systems = list(visible_systems(request.user))
        if len(systems) == 1:
            return redirect("system:map", systems[0].code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        systems = visible_systems(self.request.user).select_related("region")
        context["systems"] = systems
        context["regions"] = sorted(
            {
                s.region
                for s in systems
                if has_permission(self.request.user, Permission.REGION_VIEW, system=s)
            },
            key=lambda r: r.name,
        )
        return context
