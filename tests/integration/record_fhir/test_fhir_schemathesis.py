"""Schemathesis against /fhir/openapi.json, in process: every operation, a bounded number of
generated requests each (a fixed seed, so the run is repeatable), with a valid token and
without: no request may make the server fail (5xx). The longer run is
benchmarks/fhir/schemathesis_run.py."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from engineroom.record.fhir.tokens import issue_token
from engineroom.web.wsgi import application

from .conftest import NHS

pytestmark = pytest.mark.django_db
EXAMPLES = 20


@pytest.fixture(autouse=True)
def connection_kept():
    """The WSGI application sends request_started/finished, whose close_old_connections would
    close the test's PostgreSQL connection mid-transaction; Django's test client holds them off
    the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def run_operation(operation, headers: dict, failures: list, **fixed) -> list[int]:
    """The statuses of EXAMPLES generated requests to ``operation`` (``fixed`` parameters given
    to the strategy); 5xx noted in failures."""
    calls: list[int] = []

    @given(case=operation.as_strategy(**fixed))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        response = case.call(headers=headers)
        calls.append(response.status_code)
        if response.status_code >= 500:
            failures.append(
                f"{case.method} {case.formatted_path} {case.query}: {response.status_code}"
            )

    call()
    return calls


def about_the_person(operation) -> dict:
    """Fixed parameters that point a generated request at the test person (the rest generated)."""
    if operation.path.startswith("/fhir/Patient/"):
        return {"path_parameters": {"id": NHS}}
    if operation.path.endswith("/{id}"):
        return {}
    return {"query": {"patient": NHS}} if "Patient" not in operation.path else {}


def test_no_generated_request_is_a_server_error(gp, person):
    schema = schemathesis.openapi.from_wsgi("/fhir/openapi.json", application)
    bearer = {"Authorization": "Bearer " + issue_token(gp, "user/*.read")}
    failures: list[str] = []
    statuses: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        statuses += run_operation(operation, bearer, failures)
        statuses += run_operation(operation, {}, failures)
        statuses += run_operation(operation, bearer, failures, **about_the_person(operation))
    assert not failures, failures
    assert {200, 400, 401, 404} <= set(statuses)  # it reached the API, with and without the token
    assert statuses.count(200) > 100  # and read the person's record
