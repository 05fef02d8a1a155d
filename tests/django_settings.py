"""Settings for the test suite: the project's own, in demo mode (demo accounts and demo keys).

Demo mode is off unless asked for; the tests ask here, as ``make demo`` does.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("ENGINEROOM_DEMO", "1")

from engineroom.web.settings import *  # noqa: F403

# Users made by factories need a password hash each; Argon2 is deliberately slow, so tests use
# a fast hasher (production keeps Argon2 first in the project's settings).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Nothing is collected for the tests: static files are served from the source folders with
# their plain names (`engineroom serve` collects hashed copies; tests/integration/web checks it).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# The audit log's checkpoints and last verification live outside the database, by default in
# VAR_DIR/audit: keep the tests' out of a real var/ (tests/integration/audit give each test its
# own folder as well).
AUDIT_DIR = Path(tempfile.mkdtemp(prefix="engineroom-test-audit-"))
atexit.register(shutil.rmtree, AUDIT_DIR, ignore_errors=True)
