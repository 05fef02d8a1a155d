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
