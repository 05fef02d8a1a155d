"""Locust users for the load benchmark: people signed in as the demo accounts, opening pages.

Each simulated person is one of the demo accounts (taken in turn, so every role has the same
share of the people) with a session of their own made by ``plan.py`` (``LOAD_PLAN``), and opens
pages from that account's plan one after another, with 2-8 s to read each. Any response but 200
is a failure; so is being sent to the sign-in page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, between, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
PEOPLE = itertools.chain.from_iterable(
    zip(*([(user, key) for key in keys] for user, keys in PLAN["sessions"].items()), strict=True)
)


class Person(FastHttpUser):
    wait_time = between(2, 8)

    def on_start(self) -> None:
        self.username, session = next(PEOPLE)
        self.cookie = {"Cookie": f"sessionid={session}"}
        self.pages = PLAN["pages"][self.username]

    @task
    def open_a_page(self) -> None:
        path, name = random.choice(self.pages)
        with self.client.get(
            path, name=name, headers=self.cookie, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{self.username} {path}: {response.status_code}")
