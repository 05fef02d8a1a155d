"""Where the web finds the published population: ``settings.PHM_VAR`` (a separate data folder,
say on a bigger disk), else the site's own ``VAR_DIR``. Read on every call, so tests can point it
elsewhere."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def var_dir() -> Path:
    return Path(getattr(settings, "PHM_VAR", None) or settings.VAR_DIR)
