"""What every page's header needs: the user's system, organisation and navigation."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from engineroom.accounts.queries import primary_membership
from engineroom.accounts.rules import has_permission


def shell(request) -> dict:
    context = {"demo_mode": settings.DEMO}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    from engineroom.web.navigation import navigation

    membership = primary_membership(user)
    system = getattr(request, "system", None) or (membership.system if membership else None)
    context["header_membership"] = membership
    context["current_system"] = system
    if system is not None:
        context["navigation"] = [
            {
                "label": item.label,
                "href": reverse(item.url_name, args=[system.code]),
                "active": request.path.startswith(reverse(item.url_name, args=[system.code]))
                and (
                    item.url_name != "system:map"
                    or request.path == reverse(item.url_name, args=[system.code])
                ),
            }
            for item in navigation()
            if has_permission(user, item.permission, system=system)
        ]
    return context
