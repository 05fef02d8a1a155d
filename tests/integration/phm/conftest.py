"""One small synthetic population per test session, built through the real feed/ingest/link path."""

import pytest

KEY = "phm-test-key"


@pytest.fixture(scope="session")
def phm_var(tmp_path_factory):
    from engineroom.phm.demo import ensure_demo, shared_tmp
    from engineroom.synth.population.spec import example_spec

    var = shared_tmp(tmp_path_factory) / "phm-engine"
    ensure_demo(var, example_spec(6000), scale=1.0, seed=11, key=KEY)
    return var


@pytest.fixture(scope="session")
def phm_web_var(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo system's own practices, generated at 2% scale (~24,000 people), refreshed."""
    from engineroom.population_web.demo import ensure_system_demo, shared_tmp
    from engineroom.synth.structure import main_system_code
    from engineroom.system.models import System

    var = shared_tmp(tmp_path_factory) / "phm-web"
    with django_db_blocker.unblock():
        ensure_system_demo(System.objects.get(code=main_system_code()), var, scale=0.02, seed=5)
    return var


@pytest.fixture
def phm_site(phm_web_var, settings):
    settings.PHM_VAR = str(phm_web_var)
    return phm_web_var
