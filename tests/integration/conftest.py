"""The small synthetic population shared by the engine tiers (phm, evaluation): one per test
session, built through the real feed/ingest/link path."""

import pytest

KEY = "phm-test-key"


@pytest.fixture(scope="session")
def phm_var(tmp_path_factory):
    from engineroom.population.phm.demo import ensure_demo, shared_tmp
    from engineroom.population.region import example_spec

    var = shared_tmp(tmp_path_factory) / "phm-engine"
    ensure_demo(var, example_spec(6000), scale=1.0, seed=11, key=KEY)
    return var
