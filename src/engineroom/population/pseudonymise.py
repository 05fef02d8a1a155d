"""Pseudonymisation for secondary use: a keyed HMAC-SHA256 of the NHS number.

The key is never stored with the data: pass it in, or set ``ENGINEROOM_PSEUDO_KEY``. Without the
key nobody can recompute or reverse the pseudonym; with a different key the ids do not join.
"""

from __future__ import annotations

import hashlib
import hmac
import os

import pyarrow as pa

KEY_ENV = "ENGINEROOM_PSEUDO_KEY"


class MissingKey(RuntimeError):
    """Secondary-use outputs need a pseudonymisation key and none was given."""


def key_from_env(explicit: str | bytes | None = None) -> bytes:
    key = explicit if explicit is not None else os.environ.get(KEY_ENV)
    if not key:
        raise MissingKey(
            f"set {KEY_ENV} (or pass a key) to build pseudonymised secondary-use views"
        )
    return key.encode() if isinstance(key, str) else key


def pseudo_id(nhs_number: str, key: bytes) -> str:
    return hmac.new(key, nhs_number.encode(), hashlib.sha256).hexdigest()[:32]


def pseudo_map(nhs_numbers: pa.Array, key: bytes) -> pa.Table:
    """nhs_number -> pseudo_id for the given (distinct, non-null) numbers."""
    values = [v for v in nhs_numbers.to_pylist() if v]
    return pa.table({"nhs_number": values, "pseudo_id": [pseudo_id(v, key) for v in values]})
