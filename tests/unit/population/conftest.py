"""Shared fixtures for the population unit tests: a tiny generated region (seconds, not minutes)."""

import pytest

from engineroom.synth.population import generate
from engineroom.synth.population.spec import example_spec


@pytest.fixture(scope="session")
def small_region(tmp_path_factory):
    """2,000 people and all their partner feeds."""
    out = tmp_path_factory.mktemp("synth")
    return generate(example_spec(), out, seed=7, scale=0.01), out
