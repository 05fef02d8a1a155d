"""Each audit test keeps its checkpoints and last verification in its own folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def audit_dir(settings, tmp_path):
    settings.AUDIT_DIR = tmp_path / "audit"
    return settings.AUDIT_DIR
