"""Accounts and people for the record latency benchmark (run with Django set up, store loaded).

Finds the practice with the most people in the current store, puts it in a benchmark system
with a clinician of that practice (so every record opened is a registered-practice relationship:
the commonest real case), samples people registered there, and makes signed-in sessions and a
``user/*.read`` bearer token for the clinician. Prints the plan as JSON.

    python benchmarks/record/latency_plan.py USERS > plan.json
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys

SAMPLE = 2_000  # people the simulated clinicians open, at random


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
    import django

    django.setup()
    from django.db.models import Count

    from engineroom.record.models import PersonRecord
    from engineroom.record.queries import current_load

    load = current_load()
    people = PersonRecord.objects.filter(load=load)
    busiest = (
        people.values("registered_practice")
        .annotate(n=Count("id"))
        .order_by("-n", "registered_practice")
    )[0]
    practice = busiest["registered_practice"]
    numbers = list(people.filter(registered_practice=practice).values_list("nhs_number", flat=True))
    random.Random(15).shuffle(numbers)
    user, system = clinician(practice, people.count())
    plan = {
        "system": system.code,
        "practice": practice,
        "registered": len(numbers),
        "people": numbers[:SAMPLE],
        "sessions": [signed_in(user) for _ in range(int(sys.argv[1]))],
        "token": token(user),
        "size": size(),
    }
    json.dump(plan, sys.stdout)


def clinician(practice: str, population: int):
    from engineroom.accounts.models import Membership, User
    from engineroom.system.models import (
        Footprint,
        Organisation,
        OrganisationKind,
        Region,
        System,
    )

    region, _ = Region.objects.get_or_create(code="bench-region", defaults={"name": "Bench"})
    system, _ = System.objects.get_or_create(
        code="bench-ics",
        defaults={"name": "Benchmark ICS (fictional)", "region": region, "population": population},
    )
    org, _ = Organisation.objects.get_or_create(
        ods_code=practice,
        defaults={"name": f"Practice {practice}", "kind": OrganisationKind.GP_PRACTICE},
    )
    Footprint.objects.get_or_create(
        organisation=org, system=system, defaults={"start_date": dt.date(2000, 1, 1)}
    )
    user, _ = User.objects.get_or_create(username="bench-clinician", full_name="Dr Bench")
    Membership.objects.get_or_create(user=user, role="clinician", system=system, organisation=org)
    return user, system


def size() -> dict:
    """The store's tables and indexes on disk (PostgreSQL), in MB."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "select pg_total_relation_size('record_personrecord'), "
            "pg_relation_size('record_personrecord'), pg_indexes_size('record_personrecord')"
        )
        total, table, indexes = cursor.fetchone()
    mb = 1024 * 1024
    return {
        "total_mb": round(total / mb),
        "table_mb": round(table / mb),
        "indexes_mb": round(indexes / mb),
    }


def signed_in(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def token(user) -> str:
    from engineroom.record.fhir.tokens import issue_token

    return issue_token(user, "user/*.read")


if __name__ == "__main__":
    main()
