"""The pages each demo account opens in the load benchmark (run with Django set up, demo mode).

For every demo account: its header navigation in the main system (what its role may see:
governance, programmes, workforce, finance, population health dashboards and worklists, feeds)
and the pages those link to one step further (a meeting, a project, a worklist, a feed's
quarantine), each opened once here and kept only if it answers 200 with a page. Downloads and
sign-out are left out. Then a signed-in session for each of PEOPLE simulated people: people
at work signed in once (a sign-in costs an Argon2 hash, about half a second of
CPU, on purpose), so the benchmark measures them using the site, not 200 sign-ins in a second.
Prints ``{"pages": {username: [[path, page name], ...]}, "sessions": {username: [key, ...]}}``.

    ENGINEROOM_DEMO=1 python benchmarks/load/plan.py PEOPLE > plan.json
"""

from __future__ import annotations

import json
import os
import re
import sys
from itertools import zip_longest

PER_ACCOUNT = 60  # pages kept per account, at most
LINK = re.compile(r'href="(/[^"#?]*)"')
LEFT_OUT = re.compile(r"export|download|\.(pdf|xlsx|csv|ics|json)$|sign-out|/admin/|/static/")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engineroom.web.settings")
    import django

    django.setup()
    from django.test import Client

    from engineroom.accounts.queries import demo_users
    from engineroom.demo.structure import main_system_code
    from engineroom.system.models import System
    from engineroom.web.navigation import menu

    system = System.objects.get(code=main_system_code())
    plan = {"pages": {}, "sessions": {}}
    accounts = demo_users()
    per_account = -(-int(sys.argv[1]) // len(accounts))  # enough sessions for PEOPLE people
    for user in accounts:
        client = Client()
        client.force_login(user)
        start = ["/", *(item["href"] for item in menu(user, system, ""))]
        plan["pages"][user.username] = pages(client, start)
        plan["sessions"][user.username] = [signed_in(user) for _ in range(per_account)]
    json.dump(plan, sys.stdout, indent=1)


def signed_in(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def pages(client, start: list[str]) -> list[list[str]]:
    """The pages reachable from ``start`` in one step that answer 200, with their URL names;
    the second step takes links from each first-step page in turn, so every area is in the mix."""
    from django.urls import resolve

    kept, seen = [], set()

    def opened(path: str) -> str | None:
        if path in seen or LEFT_OUT.search(path) or len(kept) >= PER_ACCOUNT:
            return None
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return None
        kept.append([path, resolve(path).view_name])
        return response.content.decode()

    links = [LINK.findall(page) for page in map(opened, dict.fromkeys(start)) if page]
    for step in zip_longest(*links):
        for path in filter(None, step):
            opened(path)
    return kept


if __name__ == "__main__":
    main()
