"""Build the demo system in the operational database: region extract, then demo accounts."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from engineroom.accounts.models import Membership, User
from engineroom.accounts.permissions import ROLES
from engineroom.demo import finance, governance, programmes, workforce
from engineroom.demo.structure import build_region, main_system_code
from engineroom.feeds.loader import load_directory
from engineroom.system.models import Organisation, OrganisationKind, Region, System

DEMO_PASSWORD = "engine-room-demo"
# Each domain's generator: ``generate(*, seed) -> dict[str, int]`` (rows created per table),
# run in this order after the region and accounts exist; each is idempotent.
DOMAIN_GENERATORS = (governance, programmes, workforce, finance)
DEMO_NAMES = {
    "system_leader": "Sam Leader",
    "pmo": "Pat Programme",
    "finance": "Fran Finance",
    "governance": "Gil Governance",
    "analyst": "Ana Analyst",
    "data_manager": "Dan Data",
    "clinician": "Dr Cleo Clinician",
    "regulator": "Reg Regional",
    "public": "Pip Public",
}


def write_structure(directory: Path, seed: int = 20181) -> Path:
    return build_region(seed).write(directory)


def build(directory: Path, seed: int = 20181) -> dict[str, int]:
    """Write the region extract, load it through the real loader, create one account per role."""
    counts = load_directory(write_structure(directory, seed))
    create_demo_accounts()
    for generator in DOMAIN_GENERATORS:
        counts.update(generator.generate(seed=seed))
    return counts


@transaction.atomic
def create_demo_accounts() -> list[User]:
    system = System.objects.get(code=main_system_code())
    region = Region.objects.get(pk=system.region_id)
    acute = (
        Organisation.objects.filter(kind=OrganisationKind.ACUTE, footprints__system=system)
        .order_by("ods_code")
        .first()
    )
    practice = (
        Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE, footprints__system=system)
        .order_by("ods_code")
        .first()
    )
    icb = Organisation.objects.filter(kind=OrganisationKind.ICB, footprints__system=system).first()
    organisation_for = {
        "finance": acute,
        "clinician": practice,
        "data_manager": icb,
        "analyst": icb,
        "pmo": icb,
        "governance": icb,
    }
    users = []
    for key in ROLES:
        user, _ = User.objects.update_or_create(
            username=key,
            defaults={"full_name": DEMO_NAMES[key], "email": f"{key}@demo.engineroom.invalid"},
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.memberships.all().delete()
        if key == "regulator":
            Membership.objects.create(user=user, role=key, region=region)
        else:
            Membership.objects.create(
                user=user, role=key, system=system, organisation=organisation_for.get(key)
            )
        users.append(user)
    return users
