"""NHS login (off by default): the backend matches or opens a person's account from the
``nhs_number`` claim at the P9 proofing level, takes no part in any other sign-in, sends the
person to NHS login with PKCE and a vector of trust, and refuses a callback it did not start."""

import importlib
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import clear_url_caches, reverse

from engineroom.record import nhslogin
from engineroom.record.models import PatientAccount

NHS = "9434765919"
CLAIMS = {"nhs_number": NHS, "identity_proofing_level": "P9", "sub": "abc"}


@pytest.fixture
def nhs_login(settings):
    """NHS login switched on, against a provider that is never called here."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    base = "https://auth.sandpit.signin.nhs.uk"
    settings.NHS_LOGIN_ENABLED = True
    settings.NHS_LOGIN_CLIENT_ID = "engine-room-test"
    settings.NHS_LOGIN_CLIENT_SECRET = ""
    settings.NHS_LOGIN_PRIVATE_KEY = pem
    settings.NHS_LOGIN_SIGN_ALGO = "RS512"
    settings.NHS_LOGIN_SCOPES = "openid profile"
    settings.NHS_LOGIN_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.NHS_LOGIN_TOKEN_ENDPOINT = f"{base}/token"
    settings.NHS_LOGIN_USER_ENDPOINT = f"{base}/userinfo"
    settings.NHS_LOGIN_JWKS_ENDPOINT = f"{base}/.well-known/jwks.json"
    settings.NHS_LOGIN_VTR = '["P9.Cp.Cd", "P9.Cp.Ck", "P9.Cm"]'
    settings.NHS_LOGIN_PROOFING_LEVEL = "P9"
    return key


@pytest.fixture
def mounted(db, nhs_login, settings):
    """The record's URLs with NHS login's two pages mounted (as at start-up when enabled)."""
    from engineroom.record import urls

    importlib.reload(urls)
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()
    yield
    settings.NHS_LOGIN_ENABLED = False
    importlib.reload(urls)
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


def test_only_a_p9_identity_with_a_valid_nhs_number_is_accepted(nhs_login):
    backend = nhslogin.NHSLoginBackend()
    assert backend.verify_claims(CLAIMS)
    assert not backend.verify_claims(CLAIMS | {"identity_proofing_level": "P5"})
    assert not backend.verify_claims(CLAIMS | {"nhs_number": "9434765918"})  # Modulus 11
    assert not backend.verify_claims({"identity_proofing_level": "P9"})


def test_the_first_sign_in_opens_the_persons_account_and_later_ones_find_it(nhs_login, person):
    backend = nhslogin.NHSLoginBackend()
    assert not backend.filter_users_by_claims(CLAIMS).exists()
    user = backend.create_user(CLAIMS)
    account = PatientAccount.objects.get()
    assert (account.user, account.nhs_number, account.via) == (user, NHS, "nhs_login")
    assert list(backend.filter_users_by_claims(CLAIMS)) == [user]
    assert backend.create_user(CLAIMS | {"nhs_number": "9876543210"}) is None  # not in store


def test_the_backend_takes_no_part_in_other_sign_ins(nhs_login, rf):
    request = rf.get("/oidc/callback/", {"code": "c", "state": "s"})
    assert nhslogin.NHSLoginBackend().authenticate(request, nonce="n") is None


def test_the_client_proves_itself_with_a_signed_jwt(nhs_login):
    token = nhslogin.client_assertion(nhslogin.settings.NHS_LOGIN_PRIVATE_KEY)
    claims = jwt.decode(
        token,
        nhs_login.public_key(),
        algorithms=["RS512"],
        audience="https://auth.sandpit.signin.nhs.uk/token",
    )
    assert claims["iss"] == claims["sub"] == "engine-room-test"
    assert claims["exp"] - claims["iat"] == 60 and claims["jti"]


def test_the_person_is_sent_to_nhs_login_with_pkce_and_p9(mounted, client):
    response = client.get(reverse("record:nhs-login"))
    assert response.status_code == 302
    sent = urlparse(response.url)
    asked = parse_qs(sent.query)
    assert sent.netloc == "auth.sandpit.signin.nhs.uk" and sent.path == "/authorize"
    assert asked["client_id"] == ["engine-room-test"] and asked["scope"] == ["openid profile"]
    assert asked["vtr"] == ['["P9.Cp.Cd", "P9.Cp.Ck", "P9.Cm"]']
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"]
    assert asked["redirect_uri"][0].endswith(reverse("record:nhs-login-callback"))
    sign_in = client.get(reverse("record:my-sign-in"))
    assert reverse("record:nhs-login") in sign_in.content.decode()


@pytest.mark.parametrize(
    "params", [{"error": "access_denied"}, {"code": "c", "state": "unknown"}, {"code": "c"}]
)
def test_a_callback_it_did_not_start_signs_nobody_in(mounted, client, params):
    response = client.get(reverse("record:nhs-login-callback"), params)
    assert response.status_code == 302 and response.url == reverse("record:my-sign-in")
    assert "_auth_user_id" not in client.session


@pytest.fixture
def rf():
    factory = RequestFactory()
    original = factory.get

    def get(*args, **kwargs):
        request = original(*args, **kwargs)
        request.session = SessionStore()
        return request

    factory.get = get
    return factory
