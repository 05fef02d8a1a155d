"""Scenario tests: the stories of SCENARIOS.md told through the pages, over the whole demo region.

Only these tests (and the browser tests) build the demo world; every other database test builds
what it needs with the factories in ``tests/factories``.
"""

from __future__ import annotations

import pytest

from engineroom.accounts.permissions import ROLES


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the fictional demo region once per test database (each test rolls back its changes)."""
    from engineroom.demo import build as demo

    with django_db_blocker.unblock():
        demo.build(tmp_path_factory.mktemp("structure"))


@pytest.fixture
def main_system(db):
    from engineroom.demo.structure import main_system_code
    from engineroom.system.models import System

    return System.objects.get(code=main_system_code())


@pytest.fixture
def user_for(db):
    """``user_for("finance")`` — the demo account holding that role."""
    from engineroom.accounts.models import User

    def get(role: str):
        assert role in ROLES, role
        return User.objects.get(username=role)

    return get


@pytest.fixture
def client_for(client, user_for):
    """``client_for("analyst")`` — a test client signed in as that role's demo account."""

    def get(role: str):
        client.force_login(user_for(role))
        return client

    return get


# Population health pages: the demo system's practices at 2% scale, built once per test run
# (shared by the xdist workers) and published through the real feed, ingest, link and refresh.
@pytest.fixture(scope="session")
def phm_web_var(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo system's own practices, generated at 2% scale (~24,000 people), refreshed."""
    from engineroom.demo.population import ensure_system_demo
    from engineroom.demo.structure import main_system_code
    from engineroom.population.phm.demo import shared_tmp
    from engineroom.system.models import System

    var = shared_tmp(tmp_path_factory) / "phm-web"
    with django_db_blocker.unblock():
        ensure_system_demo(System.objects.get(code=main_system_code()), var, scale=0.02, seed=5)
    return var


@pytest.fixture
def phm_site(phm_web_var, settings):
    settings.PHM_VAR = str(phm_web_var)
    return phm_web_var
