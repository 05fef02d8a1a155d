"""A small linked lake for the record store's tests, built once per session (per xdist worker)
through the real feed, ingest and linkage path."""

import pytest


@pytest.fixture(scope="session")
def record_var(tmp_path_factory):
    from engineroom.population.region import example_spec
    from engineroom.population.synth.build import build_population

    var = tmp_path_factory.mktemp("record-store")
    build_population(example_spec(2000), var=var, scale=1.0, seed=11, key="record-test-key")
    return var
