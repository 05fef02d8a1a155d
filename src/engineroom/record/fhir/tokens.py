"""Issuing a bearer token directly (for demos, and for a trusted system registered by staff):
the same django-oauth-toolkit AccessToken an OAuth2 flow would make, stored hashed, for one hour,
and audited like every other grant of access."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, set_token_value

from engineroom.audit import actions as audit

LIFETIME = dt.timedelta(hours=1)


@transaction.atomic
def issue_token(user, scope: str, *, by=None) -> str:
    """A new access token for ``user`` with ``scope`` (space-separated SMART-style scopes),
    returned once: only its hash is kept. ValueError for a scope the server does not know."""
    scopes = scope.split()
    known = settings.OAUTH2_PROVIDER["SCOPES"]
    unknown = [s for s in scopes if s not in known]
    if not scopes or unknown:
        raise ValueError(
            f"Unknown scope {' '.join(unknown) or '(none)'}; one of: {', '.join(known)}"
        )
    raw = secrets.token_urlsafe(32)
    token = get_access_token_model()(user=user, scope=" ".join(scopes))
    token.expires = timezone.now() + LIFETIME
    set_token_value(token, raw)
    token.save()
    audit.record(
        "record.fhir_token_issued",
        f"accounts.user:{user.pk}",
        by=by,
        reason="a bearer token for the FHIR API, issued directly",
        details={"user": user.username, "scope": token.scope, "expires": token.expires},
    )
    return raw
