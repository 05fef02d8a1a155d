"""The chain's arithmetic: the key, the canonical form of an event and its keyed hash.

A plain SHA-256 chain proves nothing against someone who can write the table: they edit a row and
recompute every later hash. Keying the hash (HMAC-SHA256 with ``settings.AUDIT_KEY``, which is
not in the database) means only a holder of the key can produce hashes that verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS = "0" * 64  # the "previous hash" of event 1
HEAD = 1  # primary key of the one AuditHead row
# The stored fields an event's hash covers besides the previous hash (all but its id and hash).
HASHED = ("seq", "at", "actor_id", "actor_name", "action", "subject", "reason", "details")


def key() -> bytes:
    """``settings.AUDIT_KEY`` as bytes; an empty key is refused (it would key nothing)."""
    value = settings.AUDIT_KEY
    if not value:
        raise ImproperlyConfigured(
            "AUDIT_KEY is empty: set ENGINEROOM_AUDIT_KEY (the audit log's hashes are keyed with it)"
        )
    return value.encode() if isinstance(value, str) else bytes(value)


def plain(details: dict | None) -> dict:
    """``details`` as the database gives them back (JSON types only), so what is hashed is
    exactly what is stored."""
    return json.loads(json.dumps(details or {}, default=str))


def timestamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def sign(message: str, secret: bytes | None = None) -> str:
    """HMAC-SHA256 of ``message`` (hex) with the audit key (or ``secret``)."""
    return hmac.new(secret or key(), message.encode(), hashlib.sha256).hexdigest()


def digest(
    *,
    seq: int,
    previous: str,
    at: dt.datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    subject: str,
    reason: str,
    details: dict,
    secret: bytes | None = None,
) -> str:
    """The keyed hash of one event: every stored field except its own hash and database id."""
    body = json.dumps(
        [seq, previous, timestamp(at), actor_id, actor_name, action, subject, reason, details],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return sign(body, secret)


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
