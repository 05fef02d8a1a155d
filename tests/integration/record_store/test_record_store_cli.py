"""``engineroom record load --json``: one JSON object with the load's counts; without a linked
lake, one clear line and a non-zero exit."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from engineroom.cli import app
from engineroom.record.models import LoadStatus, RecordLoad

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_record_load_json(record_var):
    result = runner.invoke(app, ["record", "load", "--var", str(record_var), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    current = RecordLoad.objects.get(status=LoadStatus.CURRENT)
    assert payload["load"] == current.pk and payload["status"] == "current"
    assert payload["people"] == current.people > 0
    assert payload["entries"] == sum(payload["entries_by_table"].values()) == current.entries
    assert set(payload["unlinked_by_table"]) <= set(payload["entries_by_table"])


def test_record_load_without_a_linked_lake_says_so(tmp_path):
    result = runner.invoke(app, ["record", "load", "--var", str(tmp_path)])
    assert result.exit_code == 1
    assert "run the linkage first" in result.output
    assert not RecordLoad.objects.exists()
