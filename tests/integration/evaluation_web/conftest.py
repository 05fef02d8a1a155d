"""The evaluation pages over the small factory-made system whose population the real pipeline
publishes (``published_system``): its lake holds the generator's planted care-home intervention."""

import pytest


@pytest.fixture
def system(published_system):
    return published_system


@pytest.fixture
def planted(phm_results):
    from engineroom.population.evaluation.planted import truth

    return truth(phm_results)


@pytest.fixture
def analyst(system, member, signed_in):
    return signed_in(member("analyst"))
