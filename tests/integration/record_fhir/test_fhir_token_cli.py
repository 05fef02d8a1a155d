"""``engineroom record token``: a one-hour token the API accepts, its issue audited."""

import pytest
from typer.testing import CliRunner

from engineroom.audit.models import AuditEvent
from engineroom.cli import app

from .conftest import NHS, fhir

pytestmark = pytest.mark.django_db


def test_the_cli_issues_a_token_the_api_accepts(api, gp):
    done = CliRunner().invoke(app, ["record", "token", "--user", gp.username])
    assert done.exit_code == 0, done.output
    token = done.output.strip()
    assert fhir(api(f"/fhir/Patient/{NHS}", token=token))["id"] == NHS
    issued = AuditEvent.objects.get(action="record.fhir_token_issued")
    assert issued.details["scope"] == "user/*.read" and token not in str(issued.details)


def test_the_cli_refuses_unknown_users_and_scopes(gp):
    assert CliRunner().invoke(app, ["record", "token", "--user", "nobody"]).exit_code == 1
    bad = CliRunner().invoke(app, ["record", "token", "--user", gp.username, "--scope", "x"])
    assert bad.exit_code == 2 and "Unknown scope" in bad.output
