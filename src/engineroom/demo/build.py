"""Build the demo system in the operational database: region extract, then demo accounts."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from engineroom.accounts.models import Membership, User
from engineroom.accounts.permissions import ROLES
from engineroom.demo import (
    engagement,
    files,
    finance,
    governance,
    oversight,
    programmes,
    spread,
    workforce,
)
from engineroom.demo.structure import build_region, main_system_code
from engineroom.feeds.actions import load_organisations
from engineroom.feeds.loader import read_directory
from engineroom.system.models import Organisation, Region, System

DEMO_PASSWORD = "engine-room-demo"
# Each domain's generator: ``generate(*, seed) -> dict[str, int]`` (rows created per table),
# run in this order after the region and accounts exist; each is idempotent.
DOMAIN_GENERATORS = (governance, programmes, workforce, finance, oversight, spread, engagement)
ACCOUNTS = files.load("accounts.yaml")
DEMO_NAMES = {role: account["name"] for role, account in ACCOUNTS.items()}


def write_structure(directory: Path, seed: int = 20181) -> Path:
    return build_region(seed).write(directory)


def build(directory: Path, seed: int = 20181) -> dict[str, int]:
    """Write the region extract, load it through the real loader, create one account per role."""
    counts = load_organisations(read_directory(write_structure(directory, seed)), by=None)
    create_demo_accounts()
    for generator in DOMAIN_GENERATORS:
        counts.update(generator.generate(seed=seed))
    return counts


@transaction.atomic
def create_demo_accounts() -> list[User]:
    """One account per role (``data/accounts.yaml``), its password the demo password."""
    system = System.objects.get(code=main_system_code())
    region = Region.objects.get(pk=system.region_id)
    in_system = Organisation.objects.filter(footprints__system=system).order_by("ods_code")
    users = []
    for key in ROLES:
        account = ACCOUNTS[key]
        user, _ = User.objects.update_or_create(
            username=key,
            defaults={"full_name": account["name"], "email": f"{key}@demo.engineroom.invalid"},
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.memberships.all().delete()
        if account.get("region"):
            Membership.objects.create(user=user, role=key, region=region)
        else:
            kind = account.get("organisation")
            organisation = in_system.filter(kind=kind).first() if kind else None
            Membership.objects.create(user=user, role=key, system=system, organisation=organisation)
        users.append(user)
    return users
