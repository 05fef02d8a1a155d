"""Settings for the test suite: the project's own, in demo mode (demo accounts and demo keys).

Demo mode is off unless asked for; the tests ask here, as ``make demo`` does.
"""

import os

os.environ.setdefault("ENGINEROOM_DEMO", "1")

from engineroom.web.settings import *  # noqa: F403
