"""Settings for the test suite: the project's own, in demo mode (demo accounts and demo keys).

Demo mode is off unless asked for; the tests ask here, as ``make demo`` does.
"""

import os

os.environ.setdefault("ENGINEROOM_DEMO", "1")

from engineroom.web.settings import *  # noqa: F403

# Users made by factories need a password hash each; Argon2 is deliberately slow, so tests use
# a fast hasher (production keeps Argon2 first in the project's settings).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
