"""Feed pages read the lake the real pipeline built for ``practices_system`` (``phm_results``)."""

import pytest


@pytest.fixture
def system(published_system, settings, phm_results):
    """The factory-made system whose partners' feeds are in the lake (``VAR_DIR``); ``member``
    makes users in it."""
    settings.VAR_DIR = phm_results
    return published_system
