"""Checkpoints kept outside the database: ``<VAR_DIR>/audit/checkpoints.log``.

A chain verifies itself only up to its last row, so deleting the newest events (or every event)
leaves a shorter chain that still verifies. Every ``CHECKPOINT_EVERY`` events, and on every
verification that passes, one line is appended here::

    <seq>\t<hash>\t<UTC time>\t<HMAC-SHA256 of the first three fields with AUDIT_KEY>

and verification then demands that each checkpointed event still exists with that hash. Lines
are only ever appended (opened in append mode, flushed and synced); each is signed, so an edited
line is itself detected. A checkpoint is written only once its transaction has committed (a
rolled-back event must not be checkpointed). Keep this file apart from database backups: its
value is that someone who can rewrite the database cannot rewrite it too.

The folder is ``settings.AUDIT_DIR`` when set (the tests give each test its own), else
``VAR_DIR/audit``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from engineroom.audit.chain import same, sign

CHECKPOINT_EVERY = 100


@dataclass(frozen=True)
class Checkpoint:
    line: int
    seq: int
    hash: str
    at: str
    signed: bool  # the line's HMAC matches


def folder() -> Path:
    return Path(getattr(settings, "AUDIT_DIR", None) or Path(settings.VAR_DIR) / "audit")


def path() -> Path:
    return folder() / "checkpoints.log"


def read() -> list[Checkpoint]:
    """Every checkpoint line, oldest first; an unreadable line counts as unsigned."""
    if not path().exists():
        return []
    found = []
    for number, text in enumerate(path().read_text(encoding="utf-8").splitlines(), start=1):
        if text.strip():
            found.append(_parse(number, text))
    return found


def _parse(number: int, text: str) -> Checkpoint:
    parts = text.split("\t")
    if len(parts) != 4 or not parts[0].isdigit():
        return Checkpoint(number, 0, "", "", signed=False)
    seq, digest, at, mac = parts
    return Checkpoint(number, int(seq), digest, at, signed=same(mac, sign(_body(seq, digest, at))))


def _body(seq, digest: str, at: str) -> str:
    return f"{seq}\t{digest}\t{at}"


def write(seq: int, digest: str) -> None:
    """Append a checkpoint of event ``seq`` once the current transaction commits."""
    transaction.on_commit(lambda: _append(seq, digest))


def _append(seq: int, digest: str) -> None:
    last = _last()
    if last and (last.seq, last.hash) == (seq, digest):
        return  # already checkpointed (a second verification with nothing new)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    body = _body(seq, digest, at)
    folder().mkdir(parents=True, exist_ok=True)
    with path().open("a", encoding="utf-8") as log:
        log.write(f"{body}\t{sign(body)}\n")
        log.flush()
        os.fsync(log.fileno())


def _last() -> Checkpoint | None:
    """The newest line, read from the end of the file (it only grows)."""
    if not path().exists():
        return None
    with path().open("rb") as log:
        log.seek(max(0, log.seek(0, os.SEEK_END) - 1024))
        lines = log.read().decode("utf-8", errors="replace").splitlines()
    return _parse(0, lines[-1]) if lines else None


def due(seq: int) -> bool:
    return seq % CHECKPOINT_EVERY == 0
