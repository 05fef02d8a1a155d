"""Feeds arrive by MESH: a partner sends through a real local mesh-sandbox, we poll and ingest."""

import pytest

from engineroom.population.ingest import ingest_path
from engineroom.population.mesh import Mailbox, poll, send

pytestmark = pytest.mark.mesh
SENDER, RECEIVER = "X26ABC1", "X26ABC2"  # mesh-sandbox's canned test mailboxes


def _box(url, mailbox):
    return Mailbox(url, mailbox, "password", b"TestKey", verify=False)


def test_mesh_poll_receives_acknowledges_and_ingests(mesh_server, region, tmp_path):
    feed = next((region / "feeds" / "RX4").glob("mhsds__*.csv"))
    send(_box(mesh_server, SENDER), RECEIVER, feed)
    files = poll(_box(mesh_server, RECEIVER), tmp_path / "inbox")
    assert [f.name for f in files] == [feed.name]
    assert files[0].read_bytes() == feed.read_bytes()
    assert (
        poll(_box(mesh_server, RECEIVER), tmp_path / "inbox") == []
    )  # acknowledged, not redelivered
    (report,) = ingest_path(files[0], tmp_path / "var")
    assert (
        report["status"] == "loaded"
        and report["rows_in"] == report["accepted"] + report["quarantined"]
    )


def test_mesh_bad_password_is_refused(mesh_server, tmp_path):
    from requests import HTTPError

    box = Mailbox(mesh_server, RECEIVER, "wrong", b"TestKey", verify=False)
    with pytest.raises(HTTPError):
        poll(box, tmp_path)
