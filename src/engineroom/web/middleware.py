"""Session limits: signed out after 30 minutes idle, and 8 hours after signing in regardless.

The session keeps when its user signed in and when they were last seen. ``last seen`` is written
back at most once a minute, so a page that is busy with requests does not rewrite its session
row on every one of them; the stored session expires ``SESSION_COOKIE_AGE`` (the idle limit)
after its last write, so the database forgets an abandoned session too.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django_htmx.http import HttpResponseClientRedirect

SIGNED_IN_AT = "engineroom.signed_in_at"
SEEN_AT = "engineroom.seen_at"
SEEN_RESOLUTION = 60  # seconds between writes of SEEN_AT


def session_ended(session, now: float) -> str | None:
    """Why the session has ended (a sentence for the sign-in page), or None while it holds."""
    signed_in_at = session.get(SIGNED_IN_AT)
    if signed_in_at is None:
        return None
    if now - signed_in_at > settings.SESSION_ABSOLUTE_LIMIT:
        hours = settings.SESSION_ABSOLUTE_LIMIT // 3600
        return f"You were signed out {hours} hours after signing in. Sign in again to carry on."
    if now - session.get(SEEN_AT, signed_in_at) > settings.SESSION_IDLE_LIMIT:
        minutes = settings.SESSION_IDLE_LIMIT // 60
        return f"You were signed out after {minutes} minutes without activity. Sign in again."
    return None


class SessionLimits:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        if request.user.is_authenticated:
            reason = session_ended(request.session, now)
            if reason is not None:
                logout(request)
                messages.info(request, reason)
                return self.to_sign_in(request)
            if now - request.session.get(SEEN_AT, 0) > SEEN_RESOLUTION:
                request.session[SEEN_AT] = now
        response = self.get_response(request)
        if request.user.is_authenticated and SIGNED_IN_AT not in request.session:
            # Just signed in (the sign-in view, or single sign-on's callback).
            request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = now
        return response

    @staticmethod
    def to_sign_in(request):
        """The sign-in page; for an htmx request, a whole-page redirect to it (not a fragment)."""
        response = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(response.url)
        return response
