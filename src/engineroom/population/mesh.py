"""Receive feeds by MESH: poll a mailbox with ``mesh-client``, drop each message as a feed file.

A message is acknowledged only after its payload is safely on disk (written aside, then renamed),
so a crash never loses a message: MESH redelivers anything unacknowledged. The file name comes
from the message's ``filename`` metadata (or subject), which must follow the feed naming scheme.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from mesh_client import MeshClient

SAFE = re.compile(r"^[A-Za-z0-9_.\-]+$")


@dataclass(frozen=True)
class Mailbox:
    url: str
    mailbox: str
    password: str
    shared_key: bytes
    verify: bool | str = True

    @classmethod
    def from_env(cls) -> Mailbox:
        """ENGINEROOM_MESH_URL / _MAILBOX / _PASSWORD / _SHARED_KEY (/ _VERIFY=0 for a sandbox)."""
        env = os.environ
        return cls(
            env["ENGINEROOM_MESH_URL"],
            env["ENGINEROOM_MESH_MAILBOX"],
            env["ENGINEROOM_MESH_PASSWORD"],
            env["ENGINEROOM_MESH_SHARED_KEY"].encode(),
            env.get("ENGINEROOM_MESH_VERIFY", "1") != "0",
        )


def _client(box: Mailbox) -> MeshClient:
    return MeshClient(
        url=box.url,
        mailbox=box.mailbox,
        password=box.password,
        shared_key=box.shared_key,
        verify=box.verify,
        max_retries=0,
    )


def _name(message, message_id: str) -> str:
    name = getattr(message, "filename", None) or getattr(message, "subject", None) or ""
    name = Path(name).name
    return name if name and SAFE.match(name) else f"unnamed__{message_id}.bin"


def poll(box: Mailbox, drop_dir: str | Path) -> list[Path]:
    """Download every waiting message into ``drop_dir``; returns the files written."""
    drop = Path(drop_dir)
    drop.mkdir(parents=True, exist_ok=True)
    written = []
    with _client(box) as client:
        client.handshake()
        for message_id in client.list_messages():
            message = client.retrieve_message(message_id)
            target = drop / _name(message, message_id)
            tmp = target.with_name(target.name + ".part")
            tmp.write_bytes(message.read())
            os.replace(tmp, target)
            message.acknowledge()
            written.append(target)
    return written


def send(box: Mailbox, recipient: str, path: Path, workflow_id: str = "ENGINEROOM_FEED") -> str:
    """Send a feed file (used by partners' test harnesses and our tests)."""
    with _client(box) as client:
        return client.send_message(
            recipient,
            path.read_bytes(),
            workflow_id=workflow_id,
            filename=path.name,
            subject=path.name,
        )
