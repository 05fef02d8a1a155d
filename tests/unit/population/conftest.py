"""Shared fixtures for the population unit tests: a tiny generated region (seconds, not minutes)."""

import pytest

from engineroom.population.region import example_spec
from engineroom.population.synth import generate


@pytest.fixture(scope="session")
def small_region(tmp_path_factory):
    """2,000 people and all their partner feeds."""
    out = tmp_path_factory.mktemp("synth")
    return generate(example_spec(), out, seed=7, scale=0.01), out
