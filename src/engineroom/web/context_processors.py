"""What every page's header needs: the user's system, organisation and navigation."""

from __future__ import annotations

from django.conf import settings

from engineroom.accounts.queries import primary_membership
from engineroom.web.navigation import menu


def shell(request) -> dict:
    context = {"demo_mode": settings.DEMO}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    membership = primary_membership(user)
    system = getattr(request, "system", None) or (membership.system if membership else None)
    context.update(header_membership=membership, current_system=system)
    if system is not None:
        context["navigation"] = menu(user, system, request.path)
    return context
