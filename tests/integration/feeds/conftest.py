"""Feed pages read the lake the real pipeline built for ``practices_system`` (``phm_results``)."""

import pytest

import lakes


@pytest.fixture
def system(published_system, settings, phm_results):
    """The factory-made system whose partners' feeds are in the lake (``VAR_DIR``); ``member``
    makes users in it."""
    settings.VAR_DIR = phm_results
    return published_system


@pytest.fixture
def private_lake(system, settings, phm_results, tmp_path):
    """A private copy of the lake, for tests that change it (corrections, manual links)."""
    var = lakes.private_copy(phm_results, tmp_path)
    settings.VAR_DIR = var
    return var
