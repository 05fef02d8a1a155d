"""NHS login: people sign in to see their own shared record (OIDC, on when settings ask for it).

NHS login is an OpenID Connect provider; mozilla-django-oidc speaks it, as it speaks CIS2 for
staff. The two keep separate settings: this module reads ``NHS_LOGIN_*`` where the library reads
``OIDC_*`` (which stay CIS2's), and its backend takes part only in its own callback, so a CIS2
sign-in never reaches NHS login's token endpoint, nor the reverse.

A person is matched by the ``nhs_number`` claim (checked with Modulus 11) at the identity
proofing level the settings ask for (P9 by default: NHS login's high level, needed to see health
records); the first sign-in opens their :class:`PatientAccount` through ``record.actions``. NHS
login authenticates clients with a signed JWT (``private_key_jwt``), made here with PyJWT.
"""

from __future__ import annotations

import time
import uuid

import jwt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from engineroom.population import nhs_number as nhs
from engineroom.record import actions
from engineroom.record.models import AccountVia

BACKEND = "engineroom.record.nhslogin.NHSLoginBackend"
SETTINGS = {  # the library's name -> NHS login's own setting
    "OIDC_RP_CLIENT_ID": "NHS_LOGIN_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "NHS_LOGIN_CLIENT_SECRET",
    "OIDC_RP_SIGN_ALGO": "NHS_LOGIN_SIGN_ALGO",
    "OIDC_RP_SCOPES": "NHS_LOGIN_SCOPES",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "NHS_LOGIN_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "NHS_LOGIN_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "NHS_LOGIN_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "NHS_LOGIN_JWKS_ENDPOINT",
}
FIXED = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "record:nhs-login-callback",
    "LOGIN_REDIRECT_URL": "record:my-record",
    "LOGIN_REDIRECT_URL_FAILURE": reverse_lazy("record:my-sign-in"),  # a path, not a name
    "OIDC_USE_PKCE": True,
}


def nhs_login_setting(attr: str, *default):
    """A setting the library asks for by its ``OIDC_*`` name, answered with NHS login's."""
    if attr in FIXED:
        return FIXED[attr]
    if attr == "OIDC_AUTH_REQUEST_EXTRA_PARAMS":
        return {"vtr": settings.NHS_LOGIN_VTR}
    if attr in SETTINGS:
        return getattr(settings, SETTINGS[attr], *default)
    return import_from_settings(attr, *default)


class NHSLoginBackend(OIDCAuthenticationBackend):
    """Matches, or opens, the account of the person whose NHS number NHS login vouches for."""

    get_settings = staticmethod(nhs_login_setting)

    def authenticate(self, request, nhs_login: bool = False, **kwargs):
        if not nhs_login:  # only NHS login's own callback, never CIS2's or the password form
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        level = getattr(settings, "NHS_LOGIN_PROOFING_LEVEL", "P9")
        return (
            nhs.valid_one(str(claims.get("nhs_number") or ""))
            and claims.get("identity_proofing_level") == level
        )

    def filter_users_by_claims(self, claims):
        number = nhs.standardise(str(claims.get("nhs_number") or ""))
        return self.UserModel.objects.filter(patient_account__nhs_number=number, is_active=True)

    def create_user(self, claims):
        number = nhs.standardise(str(claims["nhs_number"]))
        try:
            return actions.open_patient_account(number, via=AccountVia.NHS_LOGIN).user
        except ValidationError:
            return None  # no shared record for that person: nothing to show them

    def update_user(self, user, claims):
        return user

    def get_token(self, payload):
        """NHS login's ``private_key_jwt``: a short-lived JWT signed with our private key
        stands in for a client secret."""
        key = getattr(settings, "NHS_LOGIN_PRIVATE_KEY", "")
        if key:
            payload = {k: v for k, v in payload.items() if k != "client_secret"}
            payload["client_assertion_type"] = (
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            )
            payload["client_assertion"] = client_assertion(key)
        return super().get_token(payload)


def client_assertion(private_key: str) -> str:
    """The signed JWT NHS login's token endpoint takes instead of a secret (RS512, 60 s)."""
    now = int(time.time())
    client = settings.NHS_LOGIN_CLIENT_ID
    claims = {
        "iss": client,
        "sub": client,
        "aud": settings.NHS_LOGIN_TOKEN_ENDPOINT,
        "jti": str(uuid.uuid4()),
        "iat": now,
        "exp": now + 60,
    }
    return jwt.encode(claims, private_key, algorithm="RS512")


class Start(OIDCAuthenticationRequestView):
    """Send the person to NHS login (state, nonce and PKCE kept in their session)."""

    get_settings = staticmethod(nhs_login_setting)


class Callback(OIDCAuthenticationCallbackView):
    """NHS login sends the person back here. The code goes to NHS login's backend alone (not
    through ``auth.authenticate``, which would offer it to CIS2's backend too)."""

    get_settings = staticmethod(nhs_login_setting)

    def get(self, request):
        state, code = request.GET.get("state"), request.GET.get("code")
        states = request.session.get("oidc_states", {})
        if request.GET.get("error") or not code or state not in states:
            states.pop(state, None)  # a state is used once, whatever happens
            request.session.modified = True
            return self.login_failure()
        found = states.pop(state)
        request.session.modified = True
        user = NHSLoginBackend().authenticate(
            request,
            nhs_login=True,
            nonce=found.get("nonce"),
            code_verifier=found.get("code_verifier"),
        )
        if user is None or not user.is_active:
            return self.login_failure()
        user.backend = BACKEND
        self.user = user
        return self.login_success()
