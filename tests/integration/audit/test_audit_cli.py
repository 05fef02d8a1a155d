"""``engineroom audit verify`` and ``engineroom audit export --fhir``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from typer.testing import CliRunner

from engineroom.audit import integrity, triggers
from engineroom.audit.models import AuditEvent
from engineroom.cli import app
from factories.audit import AuditEventFactory

runner = CliRunner()


def said(result) -> str:
    """What the command printed, with rich's line wrapping undone."""
    return " ".join(result.output.split())


def test_verify_passes_a_whole_log(db):
    AuditEventFactory.create_batch(4)
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, said(result)
    assert "Audit log verified: 4 events, chain intact to seq 4" in said(result)
    assert integrity.last().ok


def test_verify_fails_naming_the_first_bad_event(db):
    events = AuditEventFactory.create_batch(4)
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'nobody' WHERE seq = 3")
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "Audit log BROKEN: event 3: hash does not match (edited)" in said(result)
    assert f"first bad event: seq 3, id {events[2].pk}" in said(result)
    as_json = runner.invoke(app, ["audit", "verify", "--json"])
    assert as_json.exit_code == 1
    found = json.loads(as_json.stdout)
    assert found["ok"] is False and found["first_bad_seq"] == 3 and found["events"] == 2


def test_export_needs_a_format_and_a_real_date(db):
    assert runner.invoke(app, ["audit", "export"]).exit_code == 2
    bad = runner.invoke(app, ["audit", "export", "--fhir", "--since", "last tuesday"])
    assert bad.exit_code == 2 and "is not a date or time" in said(bad)
    assert not AuditEvent.objects.exists()


def test_export_writes_one_fhir_audit_event_a_line_and_is_audited(db, tmp_path):
    AuditEventFactory(event="governance.meeting_created")
    AuditEventFactory(
        event="worklist.view",
        reason="direct care: registered practice or PCN team",
        nhs_numbers=["9434765919", "9434765870"],
    )
    out = tmp_path / "audit.ndjson"
    result = runner.invoke(app, ["audit", "export", "--fhir", "--out", str(out)])
    assert result.exit_code == 0, said(result)
    assert f"2 audit events written to {out}" in said(result)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["1", "2"]
    assert lines[0]["action"] == "C" and lines[1]["action"] == "E"
    exported = AuditEvent.objects.order_by("seq").last()
    assert exported.action == "audit.exported" and exported.details["events"] == 2


def test_export_since_leaves_out_older_events(db):
    AuditEventFactory()
    since = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    result = runner.invoke(app, ["audit", "export", "--fhir", "--since", since.isoformat()])
    assert result.exit_code == 0 and result.stdout == ""
    assert "0 audit events written to standard output" in said(result)


@pytest.mark.parametrize("since", ["2000-01-01", "2000-01-01T00:00:00+01:00"])
def test_export_since_takes_a_date_or_a_time(db, since):
    AuditEventFactory()
    result = runner.invoke(app, ["audit", "export", "--fhir", "--since", since])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
