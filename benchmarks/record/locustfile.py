"""Locust users for the record latency benchmark: clinicians on a ward round.

Each simulated clinician has a signed-in session of their own (``plan["sessions"]``) and the
benchmark's bearer token, and in turn opens a person's record page, reads the same person's
``Patient/$everything`` through the FHIR API, and looks a person up by NHS number, each for a
random person registered with their practice. Any answer but 200 is a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, between, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
SESSIONS = itertools.cycle(PLAN["sessions"])
NHS = "https://fhir.nhs.uk/Id/nhs-number"


class Clinician(FastHttpUser):
    wait_time = between(2, 8)  # reading a record between opening them, as load/ does

    def on_start(self) -> None:
        self.cookie = {"Cookie": f"sessionid={next(SESSIONS)}"}
        self.bearer = {"Authorization": f"Bearer {PLAN['token']}"}

    def _get(self, path: str, name: str, headers: dict) -> None:
        with self.client.get(
            path, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{path}: {response.status_code}")

    @task
    def record_page(self) -> None:
        person = random.choice(PLAN["people"])
        self._get(f"/systems/{PLAN['system']}/record/{person}/", "record page", self.cookie)

    @task
    def everything(self) -> None:
        person = random.choice(PLAN["people"])
        self._get(f"/fhir/Patient/{person}/$everything", "Patient/$everything", self.bearer)

    @task
    def search(self) -> None:
        person = random.choice(PLAN["people"])
        self._get(f"/fhir/Patient?identifier={NHS}|{person}", "Patient?identifier", self.bearer)
