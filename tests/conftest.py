"""Fixtures shared by every tier: a system built by factories, and users in it by role.

The whole demo region is built only for scenario tests (``tests/scenarios/conftest.py``) and the
browser tests; a database test here builds only what it needs.
"""

from __future__ import annotations

import pytest

from engineroom.accounts.permissions import ROLES


@pytest.fixture
def system(db):
    """An empty system in its own region."""
    from factories.system import SystemFactory

    return SystemFactory()


@pytest.fixture
def member(db, system):
    """``member("finance", organisation=trust)`` — a new user holding that role in ``system``
    (the regulator's role is held across the system's region)."""
    from factories.accounts import UserFactory

    def make(role: str, *, organisation=None, **fields):
        assert role in ROLES, role
        if role == "regulator":
            return UserFactory.with_role(role, region=system.region, system=None, **fields)
        return UserFactory.with_role(role, system=system, organisation=organisation, **fields)

    return make


@pytest.fixture
def signed_in(client):
    """``signed_in(user)`` — the test client signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# Population health and feeds pages read results the real pipeline publishes (synthetic feeds,
# ingest, linkage, risk model, refresh). It runs once per test session (shared by xdist workers)
# for the small factory-made system of ``factories.system.practices_system``; each test builds
# that system's rows again, with the same codes, so the published results are its own.
PHM_AS_OF = "2025-03-31"
PHM_KEY = "factory-system-test-key"


@pytest.fixture(scope="session")
def phm_results(django_db_setup, django_db_blocker, tmp_path_factory):
    """The var directory (lake and PHM results) of ``practices_system``'s 6,000 people."""
    import datetime as dt

    from django.db import transaction

    from engineroom.population.phm.demo import ensure_demo, shared_tmp
    from engineroom.population_health.bridge import region_spec
    from factories.system import practices_system

    with django_db_blocker.unblock(), transaction.atomic():
        spec = region_spec(practices_system(), dt.date.fromisoformat(PHM_AS_OF))
        transaction.set_rollback(True)  # the rows were needed only to draw the spec
    var = shared_tmp(tmp_path_factory) / "phm-factory-system"
    ensure_demo(var, spec, scale=1.0, seed=5, key=PHM_KEY)
    return var


@pytest.fixture
def published_system(db, settings, phm_results):
    """``practices_system()`` with its population health results published (``PHM_VAR``)."""
    from factories.system import practices_system

    settings.PHM_VAR = str(phm_results)
    return practices_system()


# Tests that run a whole pipeline (feeds, ingest, linkage, refresh) or build a population are
# marked slow, so `make test-fast` can leave them out; `make test` runs everything.
SLOW_FIXTURES = {"phm_results", "published_system"}
SLOW_FOLDERS = {"population", "phm"}


def pytest_collection_modifyitems(items):
    for item in items:
        folder = item.path.parent.name
        if SLOW_FIXTURES & set(item.fixturenames) or (
            folder in SLOW_FOLDERS and item.path.parent.parent.name == "integration"
        ):
            item.add_marker(pytest.mark.slow)
