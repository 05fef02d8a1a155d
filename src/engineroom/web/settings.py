"""Django settings for Engine Room.

Defaults suit a laptop demo (SQLite, DEBUG off unless asked). Production sets the environment
variables named below; nothing secret has a default outside demo mode.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ENGINEROOM_VAR", Path.cwd() / "var")).resolve()
# Published population health results, when they live apart from VAR_DIR (a bigger disk, say).
PHM_VAR = os.environ.get("ENGINEROOM_PHM_VAR") or None


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


# Demo mode (shared demo password on the sign-in page, demo keys) only when asked for.
DEMO = _env_bool("ENGINEROOM_DEMO", False)
DEBUG = _env_bool("ENGINEROOM_DEBUG", False)

# The three keys. Demo mode has fixed, public ones; anywhere else each must be set, and nothing
# falls back. SECRET_KEY signs sessions and tokens; PSEUDO_KEY keys the HMAC that turns NHS
# numbers into pseudonyms for secondary use; AUDIT_KEY keys the audit log's tamper evidence.
DEMO_KEYS = {
    "ENGINEROOM_SECRET_KEY": "demo-only-not-secret-" + "x" * 40,
    "ENGINEROOM_PSEUDO_KEY": "demo-only-pseudonymisation-key",
    "ENGINEROOM_AUDIT_KEY": "demo-only-audit-key",
}


def _key(name: str) -> str:
    value = os.environ.get(name) or (DEMO_KEYS[name] if DEMO else "")
    if not value:
        raise RuntimeError(
            f"{name} must be set outside demo mode (ENGINEROOM_DEMO=1); see README "
            "'Running in production' for how to generate it"
        )
    return value


SECRET_KEY = _key("ENGINEROOM_SECRET_KEY")
PSEUDO_KEY = _key("ENGINEROOM_PSEUDO_KEY")
AUDIT_KEY = _key("ENGINEROOM_AUDIT_KEY")
if AUDIT_KEY == SECRET_KEY:
    raise RuntimeError("ENGINEROOM_AUDIT_KEY must differ from ENGINEROOM_SECRET_KEY")
ALLOWED_HOSTS = os.environ.get("ENGINEROOM_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)
# Origins a TLS-terminating proxy serves the site under, e.g. https://engineroom.example.nhs.uk
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("ENGINEROOM_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "axes",
    "oauth2_provider",  # bearer tokens for the FHIR API at /fhir (ADR 0014)
    # The shell and the shared kernel every domain app builds on.
    "engineroom.web",
    "engineroom.audit",
    "engineroom.system",
    "engineroom.accounts",
]
# Domain apps, each a bounded context with its URLs under systems/<system>/; the header
# navigation lists them in this order.
DOMAIN_APPS = [
    "engineroom.feeds",
    "engineroom.governance",
    "engineroom.programmes",
    "engineroom.workforce",
    "engineroom.finance",
    "engineroom.population_health",
    "engineroom.evaluation",
    "engineroom.record",
    "engineroom.oversight",
    "engineroom.engagement",
    "engineroom.spread",
]
INSTALLED_APPS += DOMAIN_APPS
INSTALLED_APPS.append("engineroom.home")  # each role's home page reads across the domain apps
if DEMO:
    INSTALLED_APPS.append("engineroom.demo")
# The demo consultation's size (S24: Dorset's drew about 18,500); browser tests make a smaller one.
DEMO_CONSULTATION_RESPONSES = int(os.environ.get("ENGINEROOM_DEMO_CONSULTATION_RESPONSES", 18_500))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "engineroom.web.middleware.SessionLimits",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "engineroom.web.urls"
WSGI_APPLICATION = "engineroom.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "engineroom.web.context_processors.shell",
            ],
        },
    }
]


def _database(url: str | None) -> dict:
    """SQLite by default; ``ENGINEROOM_DATABASE_URL=postgresql://user@host:port/name`` otherwise."""
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "engineroom.sqlite3",
            # Several server processes share the file: readers never wait for the writer (WAL),
            # writers take the write lock when their transaction begins (IMMEDIATE, so none has
            # to upgrade a read lock mid-transaction and fail) and queue for up to 20 s.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    parts = urlparse(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise RuntimeError(f"ENGINEROOM_DATABASE_URL: unsupported scheme {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # Each gunicorn worker keeps its connection for a minute, checked before reuse.
        "CONN_MAX_AGE": int(os.environ.get("ENGINEROOM_DB_CONN_MAX_AGE", 60)),
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": _database(os.environ.get("ENGINEROOM_DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Authentication: local accounts by default, NHS CIS2 (OIDC) when configured --------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
CIS2_ENABLED = _env_bool("ENGINEROOM_CIS2_ENABLED", False)
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend"]
if CIS2_ENABLED:
    # NHS Care Identity Service 2 is an OIDC provider; mozilla-django-oidc speaks it.
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("engineroom.accounts.cis2.CIS2Backend")
    OIDC_RP_CLIENT_ID = os.environ["ENGINEROOM_CIS2_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("ENGINEROOM_CIS2_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["ENGINEROOM_CIS2_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["ENGINEROOM_CIS2_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["ENGINEROOM_CIS2_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ["ENGINEROOM_CIS2_JWKS_ENDPOINT"]
    OIDC_RP_SCOPES = "openid profile email nationalrbacaccess"
# People see their own shared record through NHS login (OIDC), when configured; its settings are
# its own (record/nhslogin.py reads NHS_LOGIN_* where the library reads CIS2's OIDC_*).
NHS_LOGIN_ENABLED = _env_bool("ENGINEROOM_NHS_LOGIN_ENABLED", False)
if NHS_LOGIN_ENABLED:
    if "mozilla_django_oidc" not in INSTALLED_APPS:
        INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("engineroom.record.nhslogin.NHSLoginBackend")
    NHS_LOGIN_CLIENT_ID = os.environ["ENGINEROOM_NHS_LOGIN_CLIENT_ID"]
    NHS_LOGIN_CLIENT_SECRET = os.environ.get("ENGINEROOM_NHS_LOGIN_CLIENT_SECRET", "")
    # NHS login authenticates clients with a JWT signed by this key (PEM), not a secret.
    NHS_LOGIN_PRIVATE_KEY = os.environ.get("ENGINEROOM_NHS_LOGIN_PRIVATE_KEY", "")
    NHS_LOGIN_SIGN_ALGO = "RS512"
    NHS_LOGIN_AUTHORIZATION_ENDPOINT = os.environ["ENGINEROOM_NHS_LOGIN_AUTHORIZATION_ENDPOINT"]
    NHS_LOGIN_TOKEN_ENDPOINT = os.environ["ENGINEROOM_NHS_LOGIN_TOKEN_ENDPOINT"]
    NHS_LOGIN_USER_ENDPOINT = os.environ["ENGINEROOM_NHS_LOGIN_USER_ENDPOINT"]
    NHS_LOGIN_JWKS_ENDPOINT = os.environ["ENGINEROOM_NHS_LOGIN_JWKS_ENDPOINT"]
    NHS_LOGIN_SCOPES = "openid profile"  # profile carries nhs_number and the proofing level
    NHS_LOGIN_VTR = os.environ.get("ENGINEROOM_NHS_LOGIN_VTR", '["P9.Cp.Cd", "P9.Cp.Ck", "P9.Cm"]')
    NHS_LOGIN_PROOFING_LEVEL = "P9"  # high: identity checked, as seeing health records needs
AUTHENTICATION_BACKENDS.append("django.contrib.auth.backends.ModelBackend")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock an account + address pair out after five failures for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Sessions, CSRF, headers ------------------------------------------------------------------
SECURE = not DEMO and not DEBUG
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A session ends after 30 minutes without a request, and 8 hours after signing in whatever
# happens (web/middleware.py SessionLimits). The stored session expires with the idle limit.
SESSION_IDLE_LIMIT = 30 * 60
SESSION_ABSOLUTE_LIMIT = 8 * 60 * 60
SESSION_COOKIE_AGE = SESSION_IDLE_LIMIT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE and _env_bool("ENGINEROOM_HSTS_PRELOAD", True)
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (README: Running in production).
if _env_bool("ENGINEROOM_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Static files: the NHS.UK frontend is built into web/static/vendor at set-up ----------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns if it is missing
# `engineroom serve` collects them into STATIC_ROOT with content-hashed names (cached for a
# year by browsers) and pre-compressed copies; with ENGINEROOM_DEBUG=1 they are served from the
# source folders as they are edited.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "engineroom.web.staticfiles.HashedStaticFiles"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
# Uploads: files over 5 MB go to a temporary file rather than memory; web.uploads sets each
# import's own size and row limits. Django has no cap on a whole request's size, so the TLS proxy
# in front sets one too (the README's nginx example: client_max_body_size 50m).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"

# --- Domain settings ----------------------------------------------------------------------------
# Place size range from the source documents (NHS England now says 250k-500k): configurable.
PLACE_POPULATION_RANGE = (
    int(os.environ.get("ENGINEROOM_PLACE_MIN", 150_000)),
    int(os.environ.get("ENGINEROOM_PLACE_MAX", 500_000)),
)
NEIGHBOURHOOD_POPULATION_RANGE = (30_000, 50_000)

# --- OAuth2 for the FHIR API (/fhir; ADR 0014, docs/fhir.md) -------------------------------------
# django-oauth-toolkit issues the bearer tokens. SMART-style scopes: user/* acts as the token's
# user under the record's access rules; patient/* reads only the holder's own record. Every
# RFC 9700 (OAuth 2.0 security best practice) behaviour is switched on: tokens are stored hashed,
# PKCE (S256) is required, no implicit or password grants, refresh tokens are rotated.
FHIR_RESOURCE_TYPES = (
    "Patient",
    "Encounter",
    "Condition",
    "Observation",
    "MedicationStatement",
    "AllergyIntolerance",
    "Immunization",
    "Flag",
    "Consent",
    "AuditEvent",
)
OAUTH2_PROVIDER = {
    "SCOPES": {
        "user/*.read": "Read the shared records you may open, as yourself",
        "patient/*.read": "Read your own record",
        **{f"user/{t}.read": f"Read {t} resources you may open" for t in FHIR_RESOURCE_TYPES},
        **{f"patient/{t}.read": f"Read your own {t} resources" for t in FHIR_RESOURCE_TYPES},
    },
    "DEFAULT_SCOPES": ["user/*.read"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": 60 * 60,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 8 * 60 * 60,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    "PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"] if DEMO else ["https"],
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ENGINEROOM_LOG_LEVEL", "WARNING")},
}
