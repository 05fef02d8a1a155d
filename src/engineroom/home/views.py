"""``/``: the landing page when signed out; otherwise the user's own system's home page, or a
list of their systems when they see several (a regulator, a regional team)."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from engineroom.accounts.permissions import Permission
from engineroom.accounts.queries import visible_systems
from engineroom.accounts.rules import has_permission
from engineroom.home import queries, rules
from engineroom.web.pages import SystemPage


class Start(TemplateView):
    """Signed out: what Engine Room is, sign in, and the public pages. Signed in: go home."""

    template_name = "home/landing.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().get(request, *args, **kwargs)
        if hasattr(request.user, "patient_account"):  # a person, not staff: their own record
            return redirect("record:my-record")
        systems = list(visible_systems(request.user))
        if len(systems) == 1:
            return redirect("system-home", systems[0].code)
        regions = {s.region_id for s in systems}
        if systems and len(regions) == 1 and queries.starts_in_region(request.user):
            return redirect("oversight:region", systems[0].region.code)
        self.template_name = "home/systems.html"
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        if not user.is_authenticated:
            return super().get_context_data(**kwargs)
        systems = visible_systems(user).select_related("region")
        regions = {
            s.region for s in systems if has_permission(user, Permission.REGION_VIEW, system=s)
        }
        return super().get_context_data(
            systems=systems, regions=sorted(regions, key=lambda r: r.name), **kwargs
        )


class SystemHome(SystemPage):
    """The page made for the user's day in this system: one panel per thing their roles do."""

    permission = Permission.SYSTEM_VIEW
    template_name = "home/home.html"

    def get(self, request, *args, **kwargs):
        elsewhere = rules.start_elsewhere(queries.roles_in(request.user, self.system))
        if elsewhere in rules.TAKES_NO_SYSTEM:
            return redirect(elsewhere)
        if elsewhere in rules.TAKES_REGION:
            return redirect(elsewhere, self.system.region.code)
        if elsewhere:
            return redirect(elsewhere, self.system.code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = queries.panels(self.system, self.request.user)
        context["map_url"] = reverse("system:map", args=[self.system.code])
        return context
