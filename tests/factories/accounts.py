"""Factories for users and the memberships that scope them."""

from __future__ import annotations

import factory

from engineroom.accounts import models
from factories.system import RegionFactory, SystemFactory

PASSWORD = "factory-made-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"User {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password(PASSWORD)

    @classmethod
    def with_role(cls, role: str, *, system=None, region=None, organisation=None, **fields):
        """A user holding ``role`` in ``system`` (or across ``region``), optionally for one
        ``organisation`` in that system."""
        user = cls(**fields)
        MembershipFactory(
            user=user, role=role, system=system, region=region, organisation=organisation
        )
        return user


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    user = factory.SubFactory(UserFactory)
    role = "system_leader"
    system = factory.SubFactory(SystemFactory)
    region = None
    organisation = None


__all__ = ["PASSWORD", "MembershipFactory", "RegionFactory", "UserFactory"]
